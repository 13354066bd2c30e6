//! The binary in a hermetic environment: a temp database, HOME and config
//! folders, no colour, no editor, no standard input, and none of the user's
//! MEND_* settings.

use std::path::Path;
use std::process::{Command, Stdio};

/// `mend --db <db>` with `home` as HOME and config folders.
pub fn mend_at(db: &Path, home: &Path) -> Command {
    let mut cmd = mend_in(home);
    cmd.arg("--db").arg(db);
    cmd
}

/// `mend` with `home` as HOME and config folders, and no `--db` (for
/// `--help`, `MEND_DB`, or a test that passes its own `--db`).
pub fn mend_in(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mend"));
    cmd.env_remove("MEND_DB")
        .env_remove("MEND_CONFIG")
        .env_remove("MEND_PASSPHRASE")
        .env_remove("MEND_PASSPHRASE_FILE")
        .env_remove("MEND_PASSPHRASE_COMMAND")
        .env_remove("MEND_SYNC_PASSPHRASE")
        .env_remove("MEND_SYNC_PASSPHRASE_FILE")
        .env_remove("MEND_SYNC_PASSPHRASE_COMMAND")
        .env_remove("VISUAL")
        .env("EDITOR", "false")
        .env("NO_COLOR", "1")
        // No user config: day_start_hour 0, so "today" is the local date.
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(Stdio::null());
    cmd
}

/// A temp folder holding the database; removed on drop.
pub struct Db {
    pub _dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
}

/// A fresh, not yet created, database in its own temp folder.
pub fn db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mend.db");
    Db { _dir: dir, path }
}

impl Db {
    /// `mend --db <this database>`, isolated from the user's environment.
    pub fn mend(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(mend_at(&self.path, self._dir.path()))
    }

    /// Runs `mend ARGS`, which must succeed, and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self
            .mend()
            .args(args)
            .assert()
            .success()
            .get_output()
            .clone();
        String::from_utf8(out.stdout).unwrap()
    }
}
