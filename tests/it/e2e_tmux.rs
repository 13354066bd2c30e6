//! End to end in a real terminal: the real binary in tmux at 80x24.
//!
//! Skipped (with a message) where `tmux` is not installed. Uses its own tmux
//! socket, HOME and database, waits by polling the screen (no fixed sleeps),
//! and always kills its tmux server.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mend");
/// How long one screen poll waits at most; it returns as soon as the
/// screen matches, so a generous limit costs nothing on a fast machine.
const WAIT: Duration = Duration::from_secs(30);

/// A tmux server on its own socket, killed when dropped (even on panic).
pub(crate) struct Tmux {
    pub(crate) socket: String,
}

impl Tmux {
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    pub(crate) fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        let out = self.run(&args);
        assert!(out.status.success(), "send-keys {keys:?}: {out:?}");
    }

    /// Types `text` literally.
    pub(crate) fn type_text(&self, text: &str) {
        self.send(&["-l", text]);
    }

    pub(crate) fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    /// Polls the screen until `pred` holds; panics with the screen after WAIT.
    pub(crate) fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                let panes = self.run(&[
                    "list-panes",
                    "-a",
                    "-F",
                    "#{pane_dead} #{pane_current_command}",
                ]);
                panic!(
                    "timed out waiting for {what}; panes: {}; the screen:\n{screen}",
                    String::from_utf8_lossy(&panes.stdout).trim()
                );
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    pub(crate) fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    pub(crate) fn display(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "e2e", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let socket = self.run(&["display-message", "-p", "#{socket_path}"]);
        let _ = self.run(&["kill-server"]);
        // tmux leaves the socket file behind; remove ours.
        let path = String::from_utf8_lossy(&socket.stdout).trim().to_string();
        if path.ends_with(&self.socket) {
            let _ = std::fs::remove_file(path);
        }
    }
}

pub(crate) fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

pub(crate) fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

fn cli(home: &Path, db: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        // The same isolation as tests/it/common/cli.rs `mend_at`.
        .env_remove("MEND_DB")
        .env_remove("MEND_CONFIG")
        .env_remove("MEND_PASSPHRASE")
        .env_remove("MEND_PASSPHRASE_FILE")
        .env_remove("MEND_PASSPHRASE_COMMAND")
        .env_remove("NO_COLOR")
        .env_remove("VISUAL")
        .env("EDITOR", "false")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("mend runs");
    assert!(out.status.success(), "mend {args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json(home: &Path, db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&cli(home, db, args)).expect("one JSON document")
}

#[test]
fn a_day_in_a_real_terminal() {
    if !tmux_available() {
        println!("skipped: tmux is not on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let db = dir.path().join("mend.db");

    // Data the TUI acts on, made with the CLI.
    cli(
        &home,
        &db,
        &[
            "contacts",
            "add",
            "Sam",
            "--role",
            "sponsor",
            "--phone",
            "555-0134",
            "--emergency",
        ],
    );
    cli(
        &home,
        &db,
        &["amends", "add", "Dana", "--harm", "missed her rehearsal"],
    );

    let tmux = Tmux {
        socket: format!("mend-e2e-{}", std::process::id()),
    };
    let shell = format!(
        "env -u MEND_DB -u MEND_CONFIG -u MEND_PASSPHRASE -u MEND_PASSPHRASE_FILE \
         -u MEND_PASSPHRASE_COMMAND -u NO_COLOR -u EDITOR -u VISUAL HOME={h} \
         XDG_CONFIG_HOME={h}/config XDG_DATA_HOME={h}/data TERM=xterm-256color PS1='$ ' sh",
        h = quote(&home)
    );
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "80",
        "-y",
        "24",
        &shell,
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
    // The command line never contains the text it prints, so the wait does
    // not match the typed command echoed before the shell is up.
    tmux.type_text("printf 'E2E-%s\\n' READY");
    tmux.send(&["Enter"]);
    tmux.wait_for("E2E-READY");

    tmux.type_text(&format!(
        "{} --db {}; echo E2E-EXIT-$?",
        quote(Path::new(BIN)),
        quote(&db)
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("1 Today");
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "1",
        "the TUI uses the alternate screen"
    );

    // A journal entry.
    tmux.type_text("2");
    tmux.wait_for("2 Journal");
    tmux.type_text("n");
    tmux.wait_for("New entry");
    tmux.type_text("Walked by the sea, called no one, felt fine");
    tmux.send(&["C-s"]);
    tmux.wait_for("Saved");
    tmux.wait_for("Walked by the sea");

    // An act on the amend made with the CLI.
    tmux.type_text("3");
    tmux.wait_for("Dana");
    tmux.type_text("l");
    tmux.wait_for("Log an act · Dana");
    tmux.type_text("kept my word");
    tmux.send(&["C-s"]);
    tmux.wait_until("the act to be logged", |s| !s.contains("Log an act"));

    // A reach-out to the contact made with the CLI.
    tmux.type_text("4");
    tmux.wait_for("Sam");
    tmux.type_text("l");
    tmux.wait_for("Reach-out with Sam");
    tmux.type_text("called after work");
    tmux.send(&["C-s"]);
    tmux.wait_until("the reach-out to be logged", |s| {
        !s.contains("Reach-out with Sam")
    });

    // The crisis screen, then back.
    tmux.type_text("!");
    tmux.wait_for("988");
    tmux.send(&["Escape"]);
    tmux.wait_until("the crisis screen to close", |s| {
        !s.contains("988") && s.contains("4 Contacts")
    });

    // Quit: the shell's screen comes back.
    tmux.type_text("q");
    let screen = tmux.wait_for("E2E-EXIT-0");
    assert!(
        screen.contains("E2E-READY"),
        "the shell's screen is back:\n{screen}"
    );
    assert!(!screen.contains("1 Today"), "{screen}");
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "the alternate screen was left"
    );
    drop(tmux);

    // What the TUI wrote, read back through the CLI.
    let journal = json(&home, &db, &["journal", "list", "--json"]);
    assert_eq!(journal.as_array().unwrap().len(), 1, "{journal}");
    assert_eq!(
        journal[0]["body"],
        "Walked by the sea, called no one, felt fine"
    );
    let amends = json(&home, &db, &["amends", "list", "--json"]);
    assert_eq!(amends[0]["person"], "Dana");
    assert_eq!(amends[0]["log"][0]["note"], "kept my word", "{amends}");
    let contacts = json(&home, &db, &["contacts", "list", "--json"]);
    assert_eq!(contacts[0]["name"], "Sam");
    assert_eq!(
        contacts[0]["log"][0]["note"], "called after work",
        "{contacts}"
    );
}
