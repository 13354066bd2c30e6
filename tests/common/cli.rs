//! The binary in a hermetic environment: a temp database, HOME and config
//! folders, no colour, no editor, and none of the user's MEND_* settings.

use assert_cmd::Command;

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
    pub fn mend(&self) -> Command {
        let home = self._dir.path();
        let mut cmd = Command::cargo_bin("mend").unwrap();
        cmd.env_remove("MEND_DB")
            .env_remove("MEND_CONFIG")
            .env_remove("MEND_PASSPHRASE")
            .env_remove("MEND_PASSPHRASE_FILE")
            .env_remove("MEND_PASSPHRASE_COMMAND")
            .env_remove("VISUAL")
            .env("EDITOR", "false")
            .env("NO_COLOR", "1")
            // No user config: day_start_hour 0, so "today" is the local date.
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .arg("--db")
            .arg(&self.path);
        cmd
    }
}
