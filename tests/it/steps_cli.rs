//! `mend worksheet` and `mend contacts check` as a process: the `--json`
//! shapes of DESIGN.md §8.3, a harm row to an amend, user kinds from the
//! config, and one-line refusals that write nothing.

use crate::common;

use common::cli::{Db, db};
use serde_json::{Value, json};

fn rows(db: &Db) -> Value {
    serde_json::from_str(&db.ok(&["worksheet", "list", "--json"])).unwrap()
}

/// A refusal: exit non-zero, one line on stderr saying `says`, nothing
/// written.
fn refused(db: &Db, args: &[&str], says: &str) {
    let before = (rows(db), db.ok(&["contacts", "list", "--json"]));
    let out = db.mend().args(args).assert().failure().get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(says), "{args:?}: {err}");
    assert!(!err.contains("secret"), "{err}");
    let after = (rows(db), db.ok(&["contacts", "list", "--json"]));
    assert_eq!(after, before, "{args:?} wrote something");
}

#[test]
fn worksheet_rows_and_to_amend_match_the_contract() {
    let db = db();
    assert_eq!(
        db.ok(&[
            "worksheet",
            "add",
            "resentment",
            "--set",
            "who=my boss",
            "--set",
            "my_part=I was late, often"
        ]),
        "1\n"
    );
    assert_eq!(
        db.ok(&[
            "worksheet",
            "add",
            "harm",
            "--set",
            "whom=Sam",
            "--set",
            "what_i_did=missed the wedding"
        ]),
        "2\n"
    );
    assert_eq!(db.ok(&["worksheet", "to-amend", "2"]), "1\n");
    let list = rows(&db);
    assert_eq!(
        list,
        json!([
            {"id": 1, "kind": "resentment", "fields": {"who": "my boss", "my_part": "I was late, often"}, "amend_id": null, "amend_status": null},
            {"id": 2, "kind": "harm", "fields": {"whom": "Sam", "what_i_did": "missed the wedding"}, "amend_id": 1, "amend_status": "listed"}
        ])
    );
    // Fields come in the kind's order, whatever the order given.
    let text = db.ok(&["worksheet", "list", "resentment", "--json"]);
    assert!(text.find("\"who\"").unwrap() < text.find("\"my_part\"").unwrap());
    let amends: Value = serde_json::from_str(&db.ok(&["amends", "list", "--json"])).unwrap();
    assert_eq!(amends[0]["person"], "Sam");
    assert_eq!(amends[0]["harm"], "missed the wedding");
    assert_eq!(amends[0]["status"], "listed");
    refused(
        &db,
        &["worksheet", "to-amend", "2"],
        "already on the amends list (amend 1)",
    );
    refused(
        &db,
        &["worksheet", "to-amend", "1"],
        "only a harm row becomes an amend",
    );
    refused(
        &db,
        &["worksheet", "to-amend", "9"],
        "no worksheet row with id 9",
    );
    refused(
        &db,
        &["worksheet", "add", "diary", "--set", "x=secret"],
        "unknown worksheet kind",
    );
    refused(
        &db,
        &["worksheet", "add", "fear", "--set", "who=secret"],
        "has no field \"who\": use fear, why, my_part",
    );
    refused(
        &db,
        &["worksheet", "add", "fear", "--set", "secret"],
        "FIELD=TEXT",
    );
    refused(
        &db,
        &["worksheet", "add", "fear", "--set", "fear= "],
        "the row is empty",
    );
    // Edit keeps the other fields; delete keeps the amend.
    db.ok(&["worksheet", "edit", "1", "--set", "cause=a missed raise"]);
    assert_eq!(rows(&db)[0]["fields"]["cause"], "a missed raise");
    assert_eq!(rows(&db)[0]["fields"]["who"], "my boss");
    db.ok(&["worksheet", "delete", "2", "--yes"]);
    let amends: Value = serde_json::from_str(&db.ok(&["amends", "list", "--json"])).unwrap();
    assert_eq!(amends.as_array().unwrap().len(), 1);
    let kinds: Value = serde_json::from_str(&db.ok(&["worksheet", "kinds", "--json"])).unwrap();
    let names: Vec<&str> = kinds
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["resentment", "fear", "harm", "cost_benefit", "abc"]);
    assert_eq!(kinds[2]["fields"][0]["name"], "whom");
    assert_eq!(kinds[2]["fields"][1]["tall"], true);
}

#[test]
fn user_kinds_come_from_the_config_and_a_bad_one_names_its_line() {
    let db = db();
    let config = db._dir.path().join("kinds.toml");
    std::fs::write(
        &config,
        "[[worksheet]]\nkind = \"gratitude\"\n[[worksheet.field]]\nname = \"for_what\"\n",
    )
    .unwrap();
    let c = config.to_str().unwrap();
    assert_eq!(
        db.ok(&[
            "--config",
            c,
            "worksheet",
            "add",
            "gratitude",
            "--set",
            "for_what=the morning"
        ]),
        "1\n"
    );
    assert!(
        db.ok(&["--config", c, "worksheet", "kinds"])
            .contains("gratitude")
    );
    std::fs::write(
        &config,
        "currency = \"€\"\n\n[[worksheet]]\nkind = \"Grat itude\"\n",
    )
    .unwrap();
    let out = db
        .mend()
        .args(["--config", c, "worksheet", "kinds"])
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("line 4") && err.contains("lowercase letters"),
        "{err}"
    );
}

#[test]
fn contacts_check_twice_on_two_days_shows_in_list_json() {
    let db = db();
    db.ok(&["contacts", "add", "Alex", "--role", "friend"]);
    let out = db.ok(&[
        "contacts",
        "check",
        "alex",
        "--respect",
        "2",
        "--safety",
        "3",
        "--affection",
        "3",
        "--boundaries",
        "1",
        "--honesty",
        "4",
        "--sign",
        "fixing",
        "--sign",
        "losing-myself",
        "--note",
        "I said yes again",
        "--day",
        "yesterday",
    ]);
    assert!(out.contains("noted how things are with Alex"), "{out}");
    db.ok(&[
        "contacts",
        "check",
        "Alex",
        "--respect",
        "4",
        "--safety",
        "4",
        "--affection",
        "3",
        "--boundaries",
        "3",
        "--honesty",
        "5",
    ]);
    let list: Value = serde_json::from_str(&db.ok(&["contacts", "list", "--json"])).unwrap();
    let checks = &list[0]["checks"];
    assert_eq!(checks.as_array().unwrap().len(), 2);
    let first = &checks[0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = [
        "day",
        "respect",
        "safety",
        "affection",
        "boundaries",
        "honesty",
        "signs",
        "note",
    ];
    keys.sort();
    want.sort();
    assert_eq!(keys, want);
    assert_eq!(first["respect"], 2);
    assert_eq!(first["signs"], json!(["fixing", "losing_myself"]));
    assert_eq!(first["note"], "I said yes again");
    assert_eq!(checks[1]["respect"], 4);
    assert_eq!(checks[1]["signs"], json!([]));
    assert_eq!(checks[1]["note"], Value::Null);
    assert!(checks[0]["day"].as_str() < checks[1]["day"].as_str());
    let shown = db.ok(&["contacts", "show", "Alex"]);
    assert!(shown.contains("respect    2 4  (growing)"), "{shown}");
    assert!(shown.contains("signs on"), "{shown}");
    let base = [
        "contacts",
        "check",
        "Alex",
        "--safety",
        "3",
        "--affection",
        "3",
        "--boundaries",
        "3",
        "--honesty",
        "3",
    ];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().copied().chain(extra.iter().copied()).collect()
    };
    refused(
        &db,
        &with(&["--respect", "6"]),
        "respect is a number from 1 to 5",
    );
    refused(
        &db,
        &with(&["--respect", "3", "--sign", "secret"]),
        "unknown sign: use fixing",
    );
    refused(
        &db,
        &with(&["--respect", "3", "--day", "2999-01-01"]),
        "cannot be in the future",
    );
    refused(
        &db,
        &[
            "contacts",
            "check",
            "nobody",
            "--respect",
            "3",
            "--safety",
            "3",
            "--affection",
            "3",
            "--boundaries",
            "3",
            "--honesty",
            "3",
        ],
        "no contact matches",
    );
}
