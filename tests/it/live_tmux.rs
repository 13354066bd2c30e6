//! Real windows in tmux: two mend windows on one journal both write and see
//! each other's (and the command line's) writes without a key; SIGQUIT
//! restores the terminal and keeps the draft; `$EDITOR` temp files do not
//! outlive a SIGTERM or a `kill -9` of mend.
//!
//! Skipped (with a message) where `tmux` is not installed.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::e2e_tmux::{Tmux, quote, tmux_available};
use mend::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_mend");

struct Setup {
    _dir: tempfile::TempDir,
    home: PathBuf,
    db: PathBuf,
    run: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let run = dir.path().join("run");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&run).unwrap();
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).unwrap();
    let db = dir.path().join("mend.db");
    Setup {
        home,
        db,
        run,
        _dir: dir,
    }
}

fn script(path: &Path, body: &str) {
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700)).unwrap();
}

/// A tmux server with one shell in the test's HOME, with `editor` as
/// `$EDITOR` and the test's own `XDG_RUNTIME_DIR`.
fn session(s: &Setup, tag: &str, editor: &Path) -> Tmux {
    let tmux = Tmux {
        socket: format!("mend-live-{tag}-{}", std::process::id()),
    };
    let shell = format!(
        "env -u MEND_DB -u MEND_CONFIG -u MEND_PASSPHRASE -u MEND_PASSPHRASE_FILE \
         -u MEND_PASSPHRASE_COMMAND -u NO_COLOR -u VISUAL EDITOR={e} HOME={h} \
         XDG_CONFIG_HOME={h}/config XDG_DATA_HOME={h}/data XDG_RUNTIME_DIR={r} \
         TERM=xterm-256color PS1='$ ' sh",
        e = quote(editor),
        h = quote(&s.home),
        r = quote(&s.run),
    );
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        &shell,
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
    tmux.type_text("printf 'LIVE-%s\\n' READY");
    tmux.send(&["Enter"]);
    tmux.wait_for("LIVE-READY");
    tmux
}

/// Starts mend in `tmux` through a script that writes mend's process id to
/// `pidfile` first; the shell prints `LIVE-EXIT-<code>` when it ends.
fn launch(s: &Setup, tmux: &Tmux, pidfile: &Path) -> i32 {
    let _ = std::fs::remove_file(pidfile);
    let launcher = pidfile.with_extension("sh");
    script(
        &launcher,
        &format!(
            "echo $$ > {}\nexec {} --db {}",
            quote(pidfile),
            quote(Path::new(BIN)),
            quote(&s.db)
        ),
    );
    tmux.type_text(&format!("{}; echo LIVE-EXIT-$?", quote(&launcher)));
    tmux.send(&["Enter"]);
    tmux.wait_for("1 Today");
    std::fs::read_to_string(pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn signal(pid: i32, sig: &str) {
    let out = Command::new("kill")
        .args([sig, &pid.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "kill {sig}: {out:?}");
}

fn cli(s: &Setup, args: &[&str]) {
    let out = crate::common::cli::mend_at(&s.db, &s.home)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "mend {args:?}: {out:?}");
}

/// The editor temp files in the private temp folder.
fn temp_files(s: &Setup) -> Vec<PathBuf> {
    match std::fs::read_dir(s.run.join("mend")) {
        Ok(rd) => rd.flatten().map(|e| e.path()).collect(),
        Err(_) => Vec::new(),
    }
}

fn wait_for_files(s: &Setup, what: &str, pred: impl Fn(&[PathBuf]) -> bool) {
    let start = Instant::now();
    while !pred(&temp_files(s)) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}: {:?}",
            temp_files(s)
        );
        std::thread::sleep(Duration::from_millis(40));
    }
}

#[test]
fn two_windows_both_write_and_show_each_others_and_the_cli_writes() {
    if !tmux_available() {
        println!("skipped: tmux is not on PATH");
        return;
    }
    let s = setup();
    let editor = s.home.join("editor.sh");
    script(&editor, "exit 1");
    let one = session(&s, "one", &editor);
    let two = session(&s, "two", &editor);
    launch(&s, &one, &s.home.join("one.pid"));
    one.send(&["2"]);
    one.wait_for("Your journal is empty");
    launch(&s, &two, &s.home.join("two.pid"));
    let screen = two.screen();
    assert!(!screen.contains("Read-only"), "{screen}");

    // The second window writes.
    two.send(&["2"]);
    two.send(&["n"]);
    two.type_text("written in the second window");
    two.send(&["C-s"]);
    two.wait_for("Saved");
    // The first window shows it without a key pressed.
    one.wait_for("written in the second window");

    // A command-line write shows in both.
    cli(&s, &["journal", "add", "written on the command line"]);
    one.wait_for("written on the command line");
    two.wait_for("written on the command line");

    for t in [&one, &two] {
        t.send(&["q"]);
        t.wait_for("LIVE-EXIT-0");
    }
}

#[test]
fn sigquit_restores_the_terminal_and_keeps_the_draft() {
    if !tmux_available() {
        println!("skipped: tmux is not on PATH");
        return;
    }
    let s = setup();
    let editor = s.home.join("editor.sh");
    script(&editor, "exit 1");
    let tmux = session(&s, "quit", &editor);
    let pid = launch(&s, &tmux, &s.home.join("mend.pid"));
    tmux.send(&["2"]);
    tmux.send(&["n"]);
    tmux.type_text("kept through a quit signal");
    tmux.wait_for("kept through a quit signal");
    signal(pid, "-QUIT");
    // It ends as on SIGTERM: the loop saves the draft and leaves cleanly.
    tmux.wait_for("LIVE-EXIT-0");
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "the terminal was left"
    );
    let store = Store::open(&s.db).unwrap();
    let draft = store.load_draft().unwrap().expect("the draft was kept");
    assert_eq!(draft.body, "kept through a quit signal");
}

#[test]
fn editor_temp_files_do_not_outlive_sigterm_or_kill_9() {
    if !tmux_available() {
        println!("skipped: tmux is not on PATH");
        return;
    }
    let s = setup();
    // An editor that stays open until killed.
    let editor = s.home.join("editor.sh");
    script(&editor, "exec sleep 600");
    let tmux = session(&s, "temp", &editor);
    let pidfile = s.home.join("mend.pid");

    // SIGTERM while the editor is open: mend removes the file as it ends.
    let pid = launch(&s, &tmux, &pidfile);
    tmux.send(&["2"]);
    tmux.send(&["n"]);
    tmux.type_text("plaintext in the temp file");
    tmux.send(&["C-e"]);
    wait_for_files(&s, "the editor's temp file", |f| f.len() == 1);
    signal(pid, "-TERM");
    tmux.wait_for(&format!("LIVE-EXIT-{}", 128 + libc::SIGTERM));
    assert_eq!(temp_files(&s), Vec::<PathBuf>::new());

    // kill -9 while the editor is open: the file is left, and the next
    // mend removes it when it starts.
    tmux.send(&["C-c"]);
    tmux.type_text("clear");
    tmux.send(&["Enter"]);
    let pid = launch(&s, &tmux, &pidfile);
    tmux.send(&["y"]); // the draft from before is restored
    tmux.wait_for("plaintext in the temp file");
    tmux.send(&["C-e"]);
    wait_for_files(&s, "the editor's temp file", |f| f.len() == 1);
    signal(pid, "-KILL");
    tmux.wait_for("LIVE-EXIT-137");
    assert_eq!(temp_files(&s).len(), 1, "kill -9 cannot clean up");
    tmux.send(&["C-c"]);
    tmux.type_text("clear");
    tmux.send(&["Enter"]);
    launch(&s, &tmux, &pidfile);
    assert_eq!(temp_files(&s), Vec::<PathBuf>::new());
    tmux.send(&["C-c"]);
}
