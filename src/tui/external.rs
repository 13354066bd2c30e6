//! Editing text in `$EDITOR`, through a private temp file that is removed
//! afterwards.

use std::fs::DirBuilder;
use std::io::Write;
use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// A folder only this user can read, for `$EDITOR` temp files:
/// `$XDG_RUNTIME_DIR/mend`, else the system temp folder's `mend-UID`.
pub fn private_temp_dir() -> Result<PathBuf> {
    let dir = match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d).join("mend"),
        _ => {
            // SAFETY: getuid has no preconditions.
            let uid = unsafe { libc::getuid() };
            std::env::temp_dir().join(format!("mend-{uid}"))
        }
    };
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
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
    let mut file = tempfile::Builder::new()
        .prefix("entry-")
        .suffix(".md")
        .tempfile_in(&dir)
        .context("cannot create a temp file for the editor")?;
    file.write_all(initial.as_bytes())?;
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
    let text = std::fs::read_to_string(file.path()).context("cannot read the edited text")?;
    // `file` is removed when dropped.
    Ok(text)
}
