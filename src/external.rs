//! Editing text in `$EDITOR`, through a private temp file that is removed
//! afterwards.
//!
//! The temp file is named `entry-PID-XXXXXX.md` after the mend process that
//! made it. One left behind by a mend that was killed (`kill -9`, SIGTERM
//! while the editor was open) is removed by the next mend that starts, once
//! no process with that id is running.

use std::fs::DirBuilder;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use anyhow::{Context, Result, bail};

/// The temp file being edited now, removed by [`remove_active_temp_file`]
/// when a signal ends mend while the editor is open.
static ACTIVE: Mutex<Option<PathBuf>> = Mutex::new(None);

fn uid() -> u32 {
    // SAFETY: getuid has no preconditions.
    unsafe { libc::getuid() }
}

/// A folder only this user can read, for `$EDITOR` temp files:
/// `$XDG_RUNTIME_DIR/mend`, else the system temp folder's `mend-UID`.
pub fn private_temp_dir() -> Result<PathBuf> {
    private_dir_at(temp_dir_path())
}

fn temp_dir_path() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d).join("mend"),
        _ => std::env::temp_dir().join(format!("mend-{}", uid())),
    }
}

/// Creates `dir` (mode 0700) when missing, and refuses it unless it is a
/// real folder (not a link) owned by this user and closed to everyone else
/// (mode 0700): another user could read the text, or swap the file.
pub fn private_dir_at(dir: PathBuf) -> Result<PathBuf> {
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    let meta = std::fs::symlink_metadata(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?;
    let mode = meta.permissions().mode() & 0o777;
    if !meta.is_dir() {
        bail!(
            "{} is not a folder (a link?): not used for the editor's temp file",
            dir.display()
        );
    }
    if meta.uid() != uid() {
        bail!(
            "{} belongs to another user: not used for the editor's temp file",
            dir.display()
        );
    }
    if mode != 0o700 {
        bail!(
            "{} has mode {mode:04o}, not 0700: not used for the editor's temp file (run `chmod 700` on it)",
            dir.display()
        );
    }
    Ok(dir)
}

/// Whether a process with id `pid` is running (as any user).
fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    pid > 0
        && (unsafe { libc::kill(pid, 0) } == 0
            || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM))
}

/// Removes the editor temp files in `dir` that a mend no longer running
/// left behind (and those of a mend from before files were named after
/// their process). Returns how many it removed. Best effort.
pub fn clean_stale_in(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix("entry-"))
            .and_then(|n| n.strip_suffix(".md"))
        else {
            continue;
        };
        let stale = match rest.split_once('-') {
            Some((pid, _)) => pid.parse::<i32>().is_ok_and(|p| !alive(p)),
            // `entry-XXXXXX.md`: made by an older mend.
            None => true,
        };
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Removes stale editor temp files from the private temp folder (see
/// [`clean_stale_in`]); called when mend starts.
pub fn clean_stale_temp_files() {
    let dir = temp_dir_path();
    if dir.is_dir() && private_dir_at(dir.clone()).is_ok() {
        clean_stale_in(&dir);
    }
}

/// Removes the temp file of an editor that is open now (a signal is ending
/// mend; the editor's text was last kept as a draft before it opened).
pub fn remove_active_temp_file() {
    if let Ok(mut active) = ACTIVE.try_lock()
        && let Some(path) = active.take()
    {
        let _ = std::fs::remove_file(path);
    }
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Opens `initial` in the user's editor and returns the saved text. The
/// terminal must already be handed over (not in raw mode).
pub fn edit_text(initial: &str) -> Result<String> {
    let dir = private_temp_dir()?;
    clean_stale_in(&dir);
    let mut file = tempfile::Builder::new()
        .prefix(&format!("entry-{}-", std::process::id()))
        .suffix(".md")
        .tempfile_in(&dir)
        .context("cannot create a temp file for the editor")?;
    if let Ok(mut active) = ACTIVE.lock() {
        *active = Some(file.path().to_path_buf());
    }
    let result = run_editor(&mut file, initial);
    if let Ok(mut active) = ACTIVE.lock() {
        *active = None;
    }
    // `file` is removed when dropped.
    result
}

fn run_editor(file: &mut tempfile::NamedTempFile, initial: &str) -> Result<String> {
    file.write_all(initial.as_bytes())?;
    // A text file ends with a newline (editors and `diff` expect one).
    if !initial.ends_with('\n') {
        file.write_all(b"\n")?;
    }
    file.flush()?;
    let editor = editor_command();
    // Through the shell, so `EDITOR="code -w"` works.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("mend-editor")
        .arg(file.path())
        .status()
        .with_context(|| format!("cannot start the editor `{editor}`"))?;
    if !status.success() {
        bail!("the editor `{editor}` exited with {status}; nothing was changed");
    }
    std::fs::read_to_string(file.path()).context("cannot read the edited text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temp_folder_open_to_others_or_a_link_is_refused() {
        let base = tempfile::tempdir().unwrap();
        let ok = base.path().join("mine");
        assert_eq!(private_dir_at(ok.clone()).unwrap(), ok);
        assert_eq!(
            std::fs::metadata(&ok).unwrap().permissions().mode() & 0o777,
            0o700
        );

        let open = base.path().join("open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
        let err = private_dir_at(open).unwrap_err().to_string();
        assert!(err.contains("0755") && err.contains("0700"), "{err}");

        let link = base.path().join("link");
        std::os::unix::fs::symlink(&ok, &link).unwrap();
        let err = private_dir_at(link).unwrap_err().to_string();
        assert!(err.contains("not a folder"), "{err}");
    }

    #[test]
    fn only_temp_files_of_processes_that_are_gone_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has ended: its id is free.
        let mut child = Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        let me = std::process::id();
        let names = [
            format!("entry-{gone}-aB3dEf.md"),
            "entry-x1Y2z3.md".to_string(),
            format!("entry-{me}-Qw3rTy.md"),
            "notes.md".to_string(),
        ];
        for n in &names {
            std::fs::write(dir.path().join(n), "private words").unwrap();
        }
        assert_eq!(clean_stale_in(dir.path()), 2);
        let left: Vec<bool> = names.iter().map(|n| dir.path().join(n).exists()).collect();
        assert_eq!(left, [false, false, true, true]);
    }
}
