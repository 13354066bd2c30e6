//! Shell integration and the config file, through the binary.

use crate::common;

use assert_cmd::Command;
use predicates::prelude::*;

/// `mend` isolated from the user's environment, with `tmp` as HOME and
/// config folders.
fn mend(tmp: &tempfile::TempDir) -> Command {
    Command::from_std(common::cli::mend_in(tmp.path()))
}

#[test]
fn completions_generate_for_each_shell() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        mend(&tmp)
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("mend"))
            .stdout(predicate::str::contains("days"));
    }
    mend(&tmp).args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_man_page_renders() {
    let tmp = tempfile::tempdir().unwrap();
    mend(&tmp)
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH mend 1"))
        .stdout(predicate::str::contains("days"));
}

#[test]
fn config_prints_the_active_values_and_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("my.toml");
    std::fs::write(&cfg, "currency = \"€\"\n").unwrap();
    mend(&tmp)
        .arg("--config")
        .arg(&cfg)
        .arg("config")
        .assert()
        .success()
        .stdout(predicate::str::contains("currency = \"€\""))
        .stdout(predicate::str::contains(cfg.to_str().unwrap()))
        .stdout(predicate::str::contains("988"));
}

#[test]
fn the_default_config_file_is_a_valid_config() {
    let tmp = tempfile::tempdir().unwrap();
    let out = mend(&tmp)
        .args(["config", "--default"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let cfg = tmp.path().join("default.toml");
    std::fs::write(&cfg, out).unwrap();
    mend(&tmp)
        .arg("--config")
        .arg(&cfg)
        .arg("config")
        .assert()
        .success();
}

#[test]
fn an_invalid_config_is_one_line_naming_key_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("bad.toml");
    std::fs::write(&cfg, "currency = \"$\"\nday_start_hour = \"late\"\n").unwrap();
    mend(&tmp)
        .arg("--config")
        .arg(&cfg)
        .arg("days")
        .assert()
        .failure()
        .stderr(predicate::str::contains("line 2"))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_config_in_the_default_place_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("config/mend");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "currency = \"£\"\n").unwrap();
    mend(&tmp)
        .arg("config")
        .assert()
        .success()
        .stdout(predicate::str::contains("currency = \"£\""));
}
