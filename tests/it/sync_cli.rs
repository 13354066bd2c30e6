//! `mend sync` as a person would try it: two journals on one machine, one
//! folder standing in for the sync engine.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::Value;

use crate::common::cli::mend_at;

const PASS: &str = "sync words";

fn run(db: &Path, home: &Path, args: &[&str], editor: Option<&Path>) -> std::process::Output {
    let mut cmd = mend_at(db, home);
    cmd.args(args).env("MEND_SYNC_PASSPHRASE", PASS);
    if let Some(e) = editor {
        cmd.env("EDITOR", e);
    }
    cmd.output().unwrap()
}

fn ok(db: &Path, home: &Path, args: &[&str]) -> String {
    let out = run(db, home, args, None);
    assert!(
        out.status.success(),
        "mend {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn export(db: &Path, home: &Path) -> Value {
    let mut v: Value =
        serde_json::from_str(&ok(db, home, &["export", "--format", "json"])).unwrap();
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

fn first_id(list_json: &str) -> String {
    let v: Value = serde_json::from_str(list_json).unwrap();
    v[0]["id"].to_string()
}

/// An `$EDITOR` that replaces the text with `text`.
fn editor(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join(format!("ed-{}", text.len()));
    fs::write(
        &path,
        format!("#!/bin/sh\nprintf '%s\\n' '{text}' > \"$1\"\n"),
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn two_journals_apart_converge_and_the_folder_holds_no_plaintext() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let folder = home.join("Sync");
    fs::create_dir(&folder).unwrap();
    let (a, b) = (home.join("a/mend.db"), home.join("b/mend.db"));
    let f = folder.to_str().unwrap();

    ok(
        &a,
        home,
        &[
            "journal",
            "add",
            "laptop plantedword entry",
            "--day",
            "2026-03-01",
        ],
    );
    ok(&a, home, &["contacts", "add", "Sam", "--role", "sponsor"]);
    ok(
        &a,
        home,
        &[
            "amends",
            "add",
            "Mum",
            "--harm",
            "missed birthdays",
            "--contact",
            "Sam",
        ],
    );
    ok(&a, home, &["sync", "init", f, "--device", "laptop"]);
    ok(&a, home, &["sync"]);
    ok(&b, home, &["sync", "init", f, "--device", "desktop"]);
    ok(&b, home, &["sync"]);
    assert_eq!(export(&a, home), export(&b, home));

    // Apart: each adds, edits and deletes.
    ok(
        &a,
        home,
        &[
            "journal",
            "add",
            "written on the laptop",
            "--day",
            "2026-03-02",
        ],
    );
    ok(
        &a,
        home,
        &["contacts", "log", "Sam", "called", "--day", "2026-03-02"],
    );
    let amend = first_id(&ok(&a, home, &["amends", "list", "--json"]));
    ok(
        &a,
        home,
        &[
            "amends",
            "log",
            &amend,
            "sent a card",
            "--trust",
            "3",
            "--day",
            "2026-03-02",
        ],
    );
    let gone = ok(
        &a,
        home,
        &[
            "journal",
            "add",
            "to be deleted vanishword",
            "--day",
            "2026-03-03",
        ],
    );
    ok(&a, home, &["journal", "delete", gone.trim(), "--yes"]);

    ok(
        &b,
        home,
        &[
            "journal",
            "add",
            "written on the desktop",
            "--day",
            "2026-03-02",
        ],
    );
    ok(&b, home, &["contacts", "add", "Ana", "--role", "friend"]);
    let first = first_id(&ok(
        &b,
        home,
        &["journal", "list", "--json", "--until", "2026-03-01"],
    ));
    let out = run(
        &b,
        home,
        &["journal", "edit", &first],
        Some(&editor(home, "edited on the desktop")),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sam = first_id(&ok(&b, home, &["contacts", "list", "--json"]));
    ok(&b, home, &["contacts", "edit", &sam, "--phone", "555-0100"]);

    ok(&a, home, &["sync"]);
    ok(&b, home, &["sync"]);
    ok(&a, home, &["sync"]);
    let ea = export(&a, home);
    assert_eq!(ea, export(&b, home));
    let mut bodies: Vec<&str> = ea["journal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["body"].as_str().unwrap().trim_end())
        .collect();
    bodies.sort();
    assert_eq!(
        bodies,
        [
            "edited on the desktop",
            "written on the desktop",
            "written on the laptop"
        ]
    );
    assert!(ea["contacts"].as_array().unwrap().len() == 2);
    assert_eq!(ea["amends"][0]["log"][0]["note"], "sent a card");

    // No plaintext anywhere in the folder.
    for entry in walk(&folder) {
        let bytes = fs::read(&entry).unwrap();
        for word in [&b"plantedword"[..], b"vanishword", b"Sam", b"birthdays"] {
            assert!(
                !bytes.windows(word.len()).any(|w| w == word),
                "{}",
                entry.display()
            );
        }
    }

    let status: Value = serde_json::from_str(&ok(&a, home, &["sync", "status", "--json"])).unwrap();
    assert_eq!(status["device"], "laptop");
    let devices = status["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 2);
    for d in devices {
        assert!(d["name"].is_string() && d["applied"].is_i64() && d["available"].is_i64());
    }
    assert_eq!(devices[1]["name"], "desktop");
    assert_eq!(devices[1]["applied"], devices[1]["available"]);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn a_wrong_sync_passphrase_is_one_line_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let folder = home.join("Sync");
    fs::create_dir(&folder).unwrap();
    let db = home.join("a/mend.db");
    ok(&db, home, &["journal", "add", "one", "--day", "2026-03-01"]);
    ok(
        &db,
        home,
        &["sync", "init", folder.to_str().unwrap(), "--device", "a"],
    );
    let out = mend_at(&db, home)
        .args(["sync"])
        .env("MEND_SYNC_PASSPHRASE", "not it")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("wrong sync passphrase"), "{err}");
    assert_eq!(walk(&folder).len(), 1, "only the key: nothing was written");
}

#[test]
fn sync_before_init_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("mend.db");
    let out = run(&db, tmp.path(), &["sync"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("mend sync init"));
    let inside = run(
        &db,
        tmp.path(),
        &["sync", "init", tmp.path().to_str().unwrap()],
        None,
    );
    assert!(
        !inside.status.success(),
        "the database's own folder is refused"
    );
    assert!(String::from_utf8_lossy(&inside.stderr).contains("corrupt"));
}
