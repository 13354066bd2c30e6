//! Files: atomic replacement with mode 0600, and folder syncs. Neutral
//! ground: the store (backups, rekeys), the writers and the share report
//! all use it, and it uses none of them.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes a file so that a kill at any moment leaves the old file or the new
/// one, never half of one: a temp file in the same folder, written, synced,
/// given mode 0600 and renamed into place; then the folder is synced.
pub fn atomic_write<F>(path: &Path, write: F) -> anyhow::Result<()>
where
    F: FnOnce(&mut BufWriter<&File>) -> anyhow::Result<()>,
{
    use std::os::unix::fs::PermissionsExt;
    let dir = parent_dir(path);
    let tmp = tempfile::Builder::new()
        .prefix(".mend-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| anyhow::anyhow!("cannot write in {}: {e}", dir.display()))?;
    {
        let mut w = BufWriter::with_capacity(1 << 16, tmp.as_file());
        write(&mut w)?;
        w.flush()
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    let file = tmp.as_file();
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    file.sync_all()
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
    sync_dir(&dir);
    Ok(())
}

/// The folder a path is in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> std::path::PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

/// Syncs a folder so a rename in it survives a power cut. Best effort.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
