//! Sync through a folder (DESIGN.md §8.5): three devices converge whatever
//! the order, duplication or delay of their segments; torn segments wait;
//! a wrong passphrase changes nothing; deleted words stay out of segments.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use mend::domain::amends::{Kind, NewAmend};
use mend::domain::contacts::{ContactInput, Role};
use mend::domain::journal::{Filter, NewEntry};
use mend::export::{ExportOptions, Format};
use mend::store::Store;
use mend::sync::{self, SyncKey};
use proptest::prelude::*;
use serde_json::Value;

const PASS: &str = "correct horse";

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn today() -> NaiveDate {
    day(28)
}

fn entry(d: u32, body: &str) -> NewEntry {
    NewEntry {
        day: day(d),
        body: body.to_string(),
        mood: None,
        craving: None,
        prompt: None,
        tags: vec![],
    }
}

struct Device {
    store: Store,
    /// This device's copy of the synced folder.
    view: PathBuf,
}

fn devices(root: &Path, n: usize) -> (Vec<Device>, SyncKey) {
    let mut out = Vec::new();
    for i in 0..n {
        let view = root.join(format!("view{i}"));
        fs::create_dir_all(&view).unwrap();
        out.push(Device {
            store: Store::open_in_memory().unwrap(),
            view,
        });
    }
    let key = SyncKey::unlock_or_create(&out[0].view, PASS, Some(2)).unwrap();
    for d in &out[1..] {
        fs::create_dir_all(sync::sync_dir(&d.view)).unwrap();
        fs::copy(
            sync::sync_dir(&out[0].view).join("key.age"),
            sync::sync_dir(&d.view).join("key.age"),
        )
        .unwrap();
    }
    (out, key)
}

/// Every complete segment file in a view: (device/seq.seg relative path).
fn segments(view: &Path) -> Vec<PathBuf> {
    let root = sync::sync_dir(view);
    let mut out = Vec::new();
    for dev in fs::read_dir(&root).unwrap().flatten() {
        if !dev.path().is_dir() {
            continue;
        }
        for f in fs::read_dir(dev.path()).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().to_string();
            if name.ends_with(".seg") {
                out.push(PathBuf::from(dev.file_name()).join(name));
            }
        }
    }
    out.sort();
    out
}

fn deliver(from: &Path, to: &Path, rel: &Path, torn: bool) {
    let src = sync::sync_dir(from).join(rel);
    let dst = sync::sync_dir(to).join(rel);
    fs::create_dir_all(dst.parent().unwrap()).unwrap();
    let bytes = fs::read(&src).unwrap();
    if torn {
        if !dst.exists() {
            fs::write(&dst, &bytes[..bytes.len() / 2]).unwrap();
        }
    } else {
        fs::write(&dst, &bytes).unwrap();
    }
}

fn export(store: &Store) -> Value {
    let opts = ExportOptions {
        format: Format::Json,
        exported_at: "x".into(),
        today: today(),
        since: None,
        until: None,
        journal_only: false,
        worksheet_kinds: Vec::new(),
    };
    let mut out = Vec::new();
    mend::export::write(store, &opts, &mut out, None).unwrap();
    let mut v: Value = serde_json::from_slice(&out).unwrap();
    normalize(&mut v);
    v
}

/// Sorts arrays, so records that tie in the export's order compare equal.
fn normalize(v: &mut Value) {
    match v {
        Value::Array(items) => {
            items.iter_mut().for_each(normalize);
            items.sort_by_key(|x| x.to_string());
        }
        Value::Object(map) => map.values_mut().for_each(normalize),
        _ => {}
    }
}

fn entry_ids(store: &Store) -> Vec<i64> {
    let mut ids: Vec<i64> = store
        .list_page(&Filter::default(), None, 1000)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    ids.sort();
    ids
}

fn pick<T: Copy>(items: &[T], n: u8) -> Option<T> {
    (!items.is_empty()).then(|| items[n as usize % items.len()])
}

#[derive(Debug, Clone)]
enum Op {
    Add(usize, u8),
    Edit(usize, u8, u8),
    Delete(usize, u8),
    Contact(usize, u8),
    LogContact(usize, u8),
    DeleteContact(usize, u8),
    Amend(usize, u8),
    LogAmend(usize, u8),
    Sync(usize),
    Deliver(usize, usize, u8, bool),
}

fn op() -> impl Strategy<Value = Op> {
    let d = 0usize..3;
    prop_oneof![
        3 => (d.clone(), any::<u8>()).prop_map(|(d, t)| Op::Add(d, t)),
        3 => (d.clone(), any::<u8>(), any::<u8>()).prop_map(|(d, p, t)| Op::Edit(d, p, t)),
        1 => (d.clone(), any::<u8>()).prop_map(|(d, p)| Op::Delete(d, p)),
        1 => (d.clone(), any::<u8>()).prop_map(|(d, t)| Op::Contact(d, t)),
        1 => (d.clone(), any::<u8>()).prop_map(|(d, p)| Op::LogContact(d, p)),
        1 => (d.clone(), any::<u8>()).prop_map(|(d, p)| Op::DeleteContact(d, p)),
        1 => (d.clone(), any::<u8>()).prop_map(|(d, p)| Op::Amend(d, p)),
        1 => (d.clone(), any::<u8>()).prop_map(|(d, p)| Op::LogAmend(d, p)),
        3 => d.clone().prop_map(Op::Sync),
        5 => (d.clone(), d, any::<u8>(), any::<bool>()).prop_map(|(a, b, p, t)| Op::Deliver(a, b, p, t)),
    ]
}

fn run(devs: &mut [Device], key: &SyncKey, op: &Op) {
    match *op {
        Op::Add(d, t) => {
            devs[d]
                .store
                .add_entry(&entry(1 + u32::from(t % 5), &format!("note {t} from {d}")))
                .unwrap();
        }
        Op::Edit(d, p, t) => {
            if let Some(id) = pick(&entry_ids(&devs[d].store), p) {
                let old = devs[d].store.entry(id).unwrap();
                let mut e = entry(
                    1 + u32::from(t % 5),
                    &format!("{} / edit {t} on {d}", old.body),
                );
                e.tags = vec![format!("t{}", t % 3)];
                devs[d].store.update_entry(id, &e).unwrap();
            }
        }
        Op::Delete(d, p) => {
            if let Some(id) = pick(&entry_ids(&devs[d].store), p) {
                devs[d].store.delete_entry(id).unwrap();
            }
        }
        Op::Contact(d, t) => {
            devs[d]
                .store
                .add_contact(&ContactInput::new(
                    format!("Friend {}", t % 4),
                    Role::Friend,
                ))
                .unwrap();
        }
        Op::LogContact(d, p) => {
            let ids: Vec<i64> = devs[d]
                .store
                .contacts()
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect();
            if let Some(id) = pick(&ids, p) {
                devs[d]
                    .store
                    .log_contact(id, day(2 + u32::from(p % 3)), Some("called"), today())
                    .unwrap();
            }
        }
        Op::DeleteContact(d, p) => {
            let ids: Vec<i64> = devs[d]
                .store
                .contacts()
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect();
            if let Some(id) = pick(&ids, p) {
                devs[d].store.delete_contact(id).unwrap();
            }
        }
        Op::Amend(d, p) => {
            let ids: Vec<i64> = devs[d]
                .store
                .contacts()
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect();
            devs[d]
                .store
                .add_amend(&NewAmend {
                    person: format!("Person {}", p % 3),
                    harm: format!("harm {p}"),
                    kind: Kind::Direct,
                    plan: String::new(),
                    notes: String::new(),
                    contact: pick(&ids, p).map(|id| id.to_string()),
                })
                .unwrap();
        }
        Op::LogAmend(d, p) => {
            let ids: Vec<i64> = devs[d]
                .store
                .amends(None)
                .unwrap()
                .iter()
                .map(|a| a.id)
                .collect();
            if let Some(id) = pick(&ids, p) {
                devs[d]
                    .store
                    .log_amend_act(
                        id,
                        day(3),
                        &format!("act {p}"),
                        Some(i64::from(p % 5) + 1),
                        today(),
                    )
                    .unwrap();
            }
        }
        Op::Sync(d) => {
            let view = devs[d].view.clone();
            sync::sync(&mut devs[d].store, &view, key).unwrap();
        }
        Op::Deliver(a, b, p, torn) => {
            let all = segments(&devs[a].view);
            if a != b && !all.is_empty() {
                let rel = all[p as usize % all.len()].clone();
                let (from, to) = (devs[a].view.clone(), devs[b].view.clone());
                // A sync engine passes on a file once it is whole; a torn
                // copy is one still arriving at `to`.
                let whole = |v: &Path| {
                    fs::read(sync::sync_dir(v).join(&rel))
                        .ok()
                        .and_then(|b| key.open(&b))
                        .is_some()
                };
                if whole(&from) && !whole(&to) {
                    deliver(&from, &to, &rel, torn);
                }
            }
        }
    }
}

fn settle(devs: &mut [Device], key: &SyncKey) {
    for _ in 0..3 {
        for d in devs.iter_mut() {
            let view = d.view.clone();
            sync::sync(&mut d.store, &view, key).unwrap();
        }
        for a in 0..devs.len() {
            for rel in segments(&devs[a].view) {
                for b in 0..devs.len() {
                    if a != b {
                        let from = devs[a].view.clone();
                        let to = devs[b].view.clone();
                        // A torn copy there is replaced by the whole file.
                        if key
                            .open(&fs::read(sync::sync_dir(&from).join(&rel)).unwrap())
                            .is_some()
                        {
                            deliver(&from, &to, &rel, false);
                        }
                    }
                }
            }
        }
    }
    for d in devs.iter_mut() {
        let view = d.view.clone();
        sync::sync(&mut d.store, &view, key).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(16),
        ..ProptestConfig::default()
    })]
    #[test]
    fn three_devices_converge(ops in proptest::collection::vec(op(), 1..32)) {
        let tmp = tempfile::tempdir().unwrap();
        let (mut devs, key) = devices(tmp.path(), 3);
        for op in &ops {
            run(&mut devs, &key, op);
        }
        settle(&mut devs, &key);
        let first = export(&devs[0].store);
        for d in &devs[1..] {
            prop_assert_eq!(&export(&d.store), &first);
        }
    }
}

#[test]
fn concurrent_edits_of_one_entry_keep_both_texts() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut devs, key) = devices(tmp.path(), 2);
    let id = devs[0].store.add_entry(&entry(1, "first words")).unwrap();
    run(&mut devs, &key, &Op::Sync(0));
    settle(&mut devs, &key);
    let id_b = entry_ids(&devs[1].store)[0];
    devs[0]
        .store
        .update_entry(id, &entry(1, "laptop words"))
        .unwrap();
    devs[1]
        .store
        .update_entry(id_b, &entry(1, "desktop words"))
        .unwrap();
    settle(&mut devs, &key);
    let a = export(&devs[0].store);
    assert_eq!(a, export(&devs[1].store));
    let bodies: Vec<&str> = a["journal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert!(bodies.contains(&"laptop words") && bodies.contains(&"desktop words"));
    let tagged: Vec<&Value> = a["journal"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["tags"].to_string().contains("conflict"))
        .collect();
    assert_eq!(tagged.len(), 1, "the older text is tagged conflict");
}

#[test]
fn a_delete_beats_an_edit_it_saw_and_an_unseen_edit_survives() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut devs, key) = devices(tmp.path(), 2);
    devs[0].store.add_entry(&entry(1, "seen")).unwrap();
    devs[0].store.add_entry(&entry(2, "unseen")).unwrap();
    settle(&mut devs, &key);
    let ids_a = entry_ids(&devs[0].store);
    let ids_b = entry_ids(&devs[1].store);
    // The first: B deletes after seeing A's version.
    devs[1].store.delete_entry(ids_b[0]).unwrap();
    // The second: A edits while B deletes without seeing the edit.
    devs[0]
        .store
        .update_entry(ids_a[1], &entry(2, "unseen, edited"))
        .unwrap();
    devs[1].store.delete_entry(ids_b[1]).unwrap();
    settle(&mut devs, &key);
    let a = export(&devs[0].store);
    assert_eq!(a, export(&devs[1].store));
    let bodies: Vec<&str> = a["journal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, vec!["unseen, edited"]);
}

#[test]
fn a_torn_segment_waits_and_applies_once_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut devs, key) = devices(tmp.path(), 2);
    devs[0].store.add_entry(&entry(1, "arrives late")).unwrap();
    run(&mut devs, &key, &Op::Sync(0));
    let rel = segments(&devs[0].view)[0].clone();
    let (a, b) = (devs[0].view.clone(), devs[1].view.clone());
    deliver(&a, &b, &rel, true);
    // Temporary names of sync engines are ignored.
    fs::write(
        sync::sync_dir(&b)
            .join(rel.parent().unwrap())
            .join(".syncthing.2.seg.tmp"),
        b"x",
    )
    .unwrap();
    fs::write(
        sync::sync_dir(&b)
            .join(rel.parent().unwrap())
            .join("~$2.seg"),
        b"x",
    )
    .unwrap();
    let report = sync::sync(&mut devs[1].store, &b, &key).unwrap();
    assert_eq!(report.skipped, 1);
    assert_eq!(report.applied.changes, 0);
    assert!(entry_ids(&devs[1].store).is_empty());
    deliver(&a, &b, &rel, false);
    let report = sync::sync(&mut devs[1].store, &b, &key).unwrap();
    assert_eq!((report.skipped, report.applied.changes), (0, 1));
    // Twice is the same as once.
    let again = sync::sync(&mut devs[1].store, &b, &key).unwrap();
    assert_eq!(again.applied.changes, 0);
    assert_eq!(entry_ids(&devs[1].store).len(), 1);
}

#[test]
fn a_wrong_passphrase_is_refused_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (devs, _key) = devices(tmp.path(), 1);
    let before = fs::read(sync::sync_dir(&devs[0].view).join("key.age")).unwrap();
    let err = SyncKey::unlock_or_create(&devs[0].view, "wrong", Some(2)).unwrap_err();
    assert!(err.to_string().contains("wrong sync passphrase"), "{err}");
    assert_eq!(
        fs::read(sync::sync_dir(&devs[0].view).join("key.age")).unwrap(),
        before
    );
}

#[test]
fn a_deleted_entrys_words_never_reach_a_later_segment() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut devs, key) = devices(tmp.path(), 1);
    let id = devs[0]
        .store
        .add_entry(&entry(1, "zanzibarword private"))
        .unwrap();
    devs[0].store.add_entry(&entry(2, "kept")).unwrap();
    run(&mut devs, &key, &Op::Sync(0));
    devs[0].store.delete_entry(id).unwrap();
    devs[0].store.add_entry(&entry(3, "later")).unwrap();
    run(&mut devs, &key, &Op::Sync(0));
    let segs = segments(&devs[0].view);
    assert_eq!(segs.len(), 2);
    let later = key
        .open(&fs::read(sync::sync_dir(&devs[0].view).join(&segs[1])).unwrap())
        .unwrap();
    let text = String::from_utf8(later).unwrap();
    assert!(text.contains("later"));
    assert!(!text.contains("zanzibarword"));
    // And no segment holds plaintext.
    for s in &segs {
        let raw = fs::read(sync::sync_dir(&devs[0].view).join(s)).unwrap();
        assert!(!raw.windows(4).any(|w| w == b"kept"));
    }
}

#[test]
fn a_segment_from_a_newer_format_is_refused_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut devs, key) = devices(tmp.path(), 1);
    let dir = sync::sync_dir(&devs[0].view).join("00112233aabbccdd");
    fs::create_dir_all(&dir).unwrap();
    let plain =
        br#"{"format":"mend-sync","version":99,"device":"00112233aabbccdd","seq":1,"records":[]}"#;
    fs::write(dir.join("1.seg"), key.seal(plain).unwrap()).unwrap();
    let view = devs[0].view.clone();
    let report = sync::sync(&mut devs[0].store, &view, &key).unwrap();
    assert_eq!(report.refused.len(), 1);
    assert!(report.refused[0].contains("newer mend"));
    assert!(!report.refused[0].contains('\n'));
}

#[test]
fn a_read_only_folder_still_applies() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let (mut devs, key) = devices(tmp.path(), 2);
    devs[0].store.add_entry(&entry(1, "from a")).unwrap();
    run(&mut devs, &key, &Op::Sync(0));
    let rel = segments(&devs[0].view)[0].clone();
    let (a, b) = (devs[0].view.clone(), devs[1].view.clone());
    deliver(&a, &b, &rel, false);
    devs[1].store.add_entry(&entry(2, "from b")).unwrap();
    let root = sync::sync_dir(&b);
    fs::set_permissions(&root, fs::Permissions::from_mode(0o555)).unwrap();
    let writable = fs::File::create(root.join("probe")).is_ok();
    let report = sync::sync(&mut devs[1].store, &b, &key);
    fs::set_permissions(&root, fs::Permissions::from_mode(0o755)).unwrap();
    if writable {
        return; // running as root: permissions do not bind
    }
    let report = report.unwrap();
    assert!(report.read_only);
    assert_eq!(report.applied.changes, 1);
    assert!(
        !devs[1].store.sync_outgoing().unwrap().is_empty(),
        "kept to send later"
    );
}
