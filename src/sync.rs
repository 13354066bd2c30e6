//! Sync through a folder another program syncs (DESIGN.md §8.5).
//!
//! Layout of `DIR/mend-sync/`:
//! - `key.age`: the folder's key (an age X25519 identity), encrypted with
//!   the sync passphrase (age's scrypt). One slow passphrase check per sync,
//!   then every segment opens fast.
//! - `<device-id>/<seq>.seg`: one device's changes, immutable once renamed
//!   into place, encrypted to the folder's key. Only that device writes its
//!   folder. Anything else (`.syncthing.x.tmp`, `~$x`, `x.seg.tmp`) is ignored.
//!
//! The folder never holds plaintext: not the passphrase, not a record.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::store::sync::{Applied, Incoming, Record};
use crate::store::{self, Store};

/// The format of segments this mend writes and reads.
pub const FORMAT_VERSION: u32 = 1;
const FORMAT: &str = "mend-sync";
const SUBDIR: &str = "mend-sync";
const KEY_FILE: &str = "key.age";

/// Everything that can go wrong in a sync; one line, never a record's text.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no sync folder is set: run `mend sync init DIR` first")]
    NotSetUp,
    #[error("wrong sync passphrase for {0} (nothing was applied or written)")]
    WrongPassphrase(PathBuf),
    #[error("the sync folder {0} cannot be read: {1}")]
    Folder(PathBuf, io::Error),
    #[error("cannot write to the sync folder {0}: {1}")]
    Write(PathBuf, io::Error),
    #[error(
        "there is no sync key in {0} (is the folder mounted, or has your sync engine not brought it yet?); `mend sync init` makes one"
    )]
    NoKey(PathBuf),
    #[error("the sync key in {0} is damaged: {1}")]
    BadKey(PathBuf, String),
    #[error("encryption failed: {0}")]
    Encrypt(String),
    #[error(transparent)]
    Store(#[from] store::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The folder's key, unlocked.
pub struct SyncKey {
    identity: age::x25519::Identity,
}

impl std::fmt::Debug for SyncKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SyncKey(..)")
    }
}

/// `DIR/mend-sync`.
pub fn sync_dir(folder: &Path) -> PathBuf {
    folder.join(SUBDIR)
}

/// Writes `bytes` to `path` through a temporary name in the same folder and a
/// rename, so a reader never sees half a file under the real name.
fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".mend-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

impl SyncKey {
    /// Opens the folder's key with `passphrase`, or makes one when the
    /// folder has none yet (and can be written). `work_factor` is age's
    /// scrypt log2 N for a new key (None: age's default, about a second).
    pub fn unlock_or_create(
        folder: &Path,
        passphrase: &str,
        work_factor: Option<u8>,
    ) -> Result<SyncKey> {
        let dir = sync_dir(folder);
        let path = dir.join(KEY_FILE);
        match fs::read(&path) {
            Ok(bytes) => SyncKey::unlock(&path, &bytes, passphrase),
            Err(e) if e.kind() == io::ErrorKind::NotFound && folder.is_dir() => {
                fs::create_dir_all(&dir).map_err(|e| Error::Write(dir.clone(), e))?;
                let identity = age::x25519::Identity::generate();
                let mut recipient =
                    age::scrypt::Recipient::new(SecretString::from(passphrase.to_string()));
                if let Some(w) = work_factor {
                    recipient.set_work_factor(w);
                }
                let secret = identity.to_string();
                let bytes = age::encrypt(&recipient, secret.expose_secret().as_bytes())
                    .map_err(|e| Error::Encrypt(e.to_string()))?;
                write_atomic(&path, &bytes).map_err(|e| Error::Write(dir.clone(), e))?;
                Ok(SyncKey { identity })
            }
            Err(e) => Err(Error::Folder(dir, e)),
        }
    }

    /// Opens the folder's key with `passphrase`; never makes one (a key
    /// missing here may still be on its way from another device).
    pub fn unlock_existing(folder: &Path, passphrase: &str) -> Result<SyncKey> {
        let dir = sync_dir(folder);
        let path = dir.join(KEY_FILE);
        match fs::read(&path) {
            Ok(bytes) => SyncKey::unlock(&path, &bytes, passphrase),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Error::NoKey(dir)),
            Err(e) => Err(Error::Folder(dir, e)),
        }
    }

    fn unlock(path: &Path, bytes: &[u8], passphrase: &str) -> Result<SyncKey> {
        let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_string()));
        let plain = age::decrypt(&identity, bytes).map_err(|e| match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::NoMatchingKeys
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::InvalidMac => Error::WrongPassphrase(path.to_path_buf()),
            other => Error::BadKey(path.to_path_buf(), other.to_string()),
        })?;
        let text = String::from_utf8(plain)
            .map_err(|_| Error::BadKey(path.to_path_buf(), "not a key".into()))?;
        let identity = age::x25519::Identity::from_str(text.trim())
            .map_err(|e| Error::BadKey(path.to_path_buf(), e.to_string()))?;
        Ok(SyncKey { identity })
    }

    /// Encrypts `plain` to the folder's key (tests use it to make segments).
    #[doc(hidden)]
    pub fn seal(&self, plain: &[u8]) -> Result<Vec<u8>> {
        age::encrypt(&self.identity.to_public(), plain).map_err(|e| Error::Encrypt(e.to_string()))
    }

    /// Decrypts a segment; `None` when it is torn or not for this key.
    pub fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        age::decrypt(&self.identity, sealed).ok()
    }
}

/// A segment's plaintext.
#[derive(Debug, Serialize, Deserialize)]
struct Segment {
    format: String,
    version: u32,
    device: String,
    #[serde(default)]
    name: Option<String>,
    seq: i64,
    records: Vec<Record>,
}

/// The segments present for one device: seq → path. Only `<digits>.seg`.
fn segments_of(dir: &Path) -> BTreeMap<i64, PathBuf> {
    let mut out = BTreeMap::new();
    let Ok(read) = fs::read_dir(dir) else {
        return out;
    };
    for entry in read.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(stem) = name.strip_suffix(".seg") else {
            continue;
        };
        if stem.is_empty() || !stem.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if let Ok(seq) = stem.parse::<i64>() {
            out.insert(seq, entry.path());
        }
    }
    out
}

/// Device folders: ids of 16 lowercase hex digits.
fn devices_in(root: &Path) -> Result<Vec<String>> {
    let read = match fs::read_dir(root) {
        Ok(r) => r,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::Folder(root.to_path_buf(), e)),
    };
    let mut out: Vec<String> = read
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.len() == 16 && n.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    out.sort();
    Ok(out)
}

/// What one `mend sync` did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    /// The segment written, with how many records, if any.
    pub wrote: Option<(i64, usize)>,
    /// The folder could not be written: applied only.
    pub read_only: bool,
    pub applied: Applied,
    /// Segments not complete yet (still arriving, or torn): retried next time.
    pub skipped: u64,
    /// One line per device whose segments a newer mend wrote.
    pub refused: Vec<String>,
}

impl Report {
    /// One line for a person.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        match (self.wrote, self.read_only) {
            (_, true) => {
                parts.push("the sync folder is read-only, so nothing was written".to_string())
            }
            (Some((_, n)), _) => {
                parts.push(format!("sent {n} change{}", if n == 1 { "" } else { "s" }))
            }
            (None, _) => parts.push("nothing new to send".to_string()),
        }
        let c = self.applied.changes;
        parts.push(format!(
            "received {c} change{}",
            if c == 1 { "" } else { "s" }
        ));
        if self.applied.conflicts > 0 {
            parts.push(format!(
                "kept both texts of {} entr{} edited on two devices (tagged conflict)",
                self.applied.conflicts,
                if self.applied.conflicts == 1 {
                    "y"
                } else {
                    "ies"
                }
            ));
        }
        if self.skipped > 0 {
            parts.push(format!(
                "{} segment{} still arriving, will retry",
                self.skipped,
                if self.skipped == 1 { "" } else { "s" }
            ));
        }
        let mut line = format!("Synced: {}.", parts.join("; "));
        for r in &self.refused {
            line.push(' ');
            line.push_str(r);
        }
        line
    }
}

fn is_read_only(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Writes this device's changes as a new segment (unless there are none or
/// the folder is read-only), then applies every other device's segments not
/// yet applied, in one transaction.
pub fn sync(store: &mut Store, folder: &Path, key: &SyncKey) -> Result<Report> {
    let me = store.sync_self()?;
    let root = sync_dir(folder);
    if !root.is_dir() {
        return Err(Error::Folder(
            root.clone(),
            io::Error::new(
                io::ErrorKind::NotFound,
                "it is missing (is the folder mounted?)",
            ),
        ));
    }
    let mut report = Report::default();

    // 1. Send.
    let outgoing = store.sync_outgoing()?;
    if !outgoing.is_empty() {
        let mine = root.join(&me.device);
        let on_disk = segments_of(&mine).keys().next_back().copied().unwrap_or(0);
        let seq = me.seq.max(on_disk) + 1;
        let seg = Segment {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            device: me.device.clone(),
            name: me.name.clone(),
            seq,
            records: outgoing,
        };
        let plain = serde_json::to_vec(&seg).map_err(|e| Error::Encrypt(e.to_string()))?;
        let sealed = key.seal(&plain)?;
        let written = fs::create_dir_all(&mine)
            .and_then(|_| write_atomic(&mine.join(format!("{seq}.seg")), &sealed));
        match written {
            Ok(()) => {
                store.sync_sent(seq, &seg.records)?;
                report.wrote = Some((seq, seg.records.len()));
            }
            Err(e) if is_read_only(&e) => report.read_only = true,
            Err(e) => return Err(Error::Write(mine, e)),
        }
    }

    // 2. Receive: each other device's segments in order, up to the first
    // one not complete yet.
    let applied: BTreeMap<String, i64> = store
        .sync_peers()?
        .into_iter()
        .map(|p| (p.device, p.applied))
        .collect();
    let mut incoming = Vec::new();
    for device in devices_in(&root)? {
        if device == me.device {
            continue;
        }
        let done = applied.get(&device).copied().unwrap_or(0);
        let present = segments_of(&root.join(&device));
        for (next, (seq, path)) in (done + 1..).zip(present.range(done + 1..)) {
            if *seq != next {
                break; // one is missing: it may still be on its way
            }
            let Some(plain) = fs::read(path).ok().and_then(|b| key.open(&b)) else {
                report.skipped += 1;
                break;
            };
            let Ok(seg) = serde_json::from_slice::<serde_json::Value>(&plain) else {
                report.skipped += 1;
                break;
            };
            let version = seg.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
            if seg.get("format").and_then(|v| v.as_str()) != Some(FORMAT)
                || version > u64::from(FORMAT_VERSION)
            {
                report.refused.push(format!(
                    "Device {device}'s changes from {} on come from a newer mend (sync format {version}); upgrade mend on this device to receive them.",
                    path.file_name().and_then(|n| n.to_str()).unwrap_or("?")
                ));
                break;
            }
            let Ok(seg) = serde_json::from_value::<Segment>(seg) else {
                report.skipped += 1;
                break;
            };
            if seg.device != device || seg.seq != *seq {
                report.skipped += 1;
                break;
            }
            incoming.push(Incoming {
                device: device.clone(),
                name: seg.name,
                seq: seg.seq,
                records: seg.records,
            });
        }
    }
    report.applied = store.sync_apply(&incoming)?;
    Ok(report)
}

/// One device as `mend sync status` shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeviceStatus {
    pub name: String,
    pub applied: i64,
    pub available: i64,
}

/// `mend sync status --json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Status {
    pub device: String,
    pub folder: Option<String>,
    pub devices: Vec<DeviceStatus>,
}

/// This device and every device in the folder: segments applied and
/// complete segments available. Needs no passphrase.
pub fn status(store: &Store) -> Result<Status> {
    let me = store.sync_self()?;
    let peers = store.sync_peers()?;
    let mut devices = Vec::new();
    let own_name = me.name.clone().unwrap_or_else(|| me.device.clone());
    let root = me.folder.as_deref().map(|f| sync_dir(Path::new(f)));
    let present = match &root {
        Some(r) => devices_in(r).unwrap_or_default(),
        None => Vec::new(),
    };
    let count = |d: &str| -> i64 {
        root.as_ref()
            .map(|r| segments_of(&r.join(d)).len() as i64)
            .unwrap_or(0)
    };
    devices.push(DeviceStatus {
        name: own_name.clone(),
        applied: me.seq,
        available: count(&me.device).max(me.seq),
    });
    let mut ids: Vec<String> = present.into_iter().filter(|d| *d != me.device).collect();
    for p in &peers {
        if !ids.contains(&p.device) {
            ids.push(p.device.clone());
        }
    }
    ids.sort();
    for id in ids {
        let peer = peers.iter().find(|p| p.device == id);
        devices.push(DeviceStatus {
            name: peer
                .and_then(|p| p.name.clone())
                .unwrap_or_else(|| id.clone()),
            applied: peer.map(|p| p.applied).unwrap_or(0),
            available: count(&id),
        });
    }
    Ok(Status {
        device: own_name,
        folder: me.folder,
        devices,
    })
}

/// The sync passphrase a script or the environment gave:
/// `MEND_SYNC_PASSPHRASE_COMMAND`, `MEND_SYNC_PASSPHRASE_FILE`, or
/// `MEND_SYNC_PASSPHRASE`. The error is one line.
pub fn passphrase_from_env() -> std::result::Result<Option<String>, String> {
    fn trim(mut s: String) -> String {
        while s.ends_with('\n') || s.ends_with('\r') {
            s.pop();
        }
        s
    }
    if let Some(cmd) = std::env::var_os("MEND_SYNC_PASSPHRASE_COMMAND").filter(|c| !c.is_empty()) {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&cmd)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .map_err(|e| format!("cannot run MEND_SYNC_PASSPHRASE_COMMAND: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "MEND_SYNC_PASSPHRASE_COMMAND failed ({})",
                out.status
            ));
        }
        return String::from_utf8(out.stdout)
            .map(|s| Some(trim(s)))
            .map_err(|_| "MEND_SYNC_PASSPHRASE_COMMAND printed something that is not text".into());
    }
    if let Some(file) = std::env::var_os("MEND_SYNC_PASSPHRASE_FILE").filter(|c| !c.is_empty()) {
        return fs::read_to_string(&file)
            .map(|s| Some(trim(s)))
            .map_err(|e| {
                format!(
                    "cannot read MEND_SYNC_PASSPHRASE_FILE {}: {e}",
                    Path::new(&file).display()
                )
            });
    }
    Ok(std::env::var("MEND_SYNC_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty()))
}

/// One sync of the database at `path`, for the journal screen (at start
/// and at quit): `None` when no sync folder is set, else the one line to
/// show. Never asks for anything.
pub fn sync_db(path: &Path, db_passphrase: Option<&str>) -> Option<String> {
    let mut store = Store::open_with(path, db_passphrase).ok()?;
    let folder = store.sync_self().ok()?.folder?;
    let pass = match passphrase_from_env() {
        Ok(Some(p)) => p,
        Ok(None) => {
            return Some(
                "Not synced: set MEND_SYNC_PASSPHRASE (or _FILE, _COMMAND) to sync from here, or run `mend sync`.".into(),
            );
        }
        Err(e) => return Some(format!("Not synced: {e}")),
    };
    let folder = PathBuf::from(folder);
    let result =
        SyncKey::unlock_existing(&folder, &pass).and_then(|key| sync(&mut store, &folder, &key));
    Some(match result {
        Ok(report) => report.describe(),
        Err(e) => format!("Not synced: {e}"),
    })
}
