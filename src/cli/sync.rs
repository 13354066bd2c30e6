//! `mend sync init DIR [--device NAME]`, `mend sync`, `mend sync status
//! [--json]` (DESIGN.md §8.5).

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand};

use super::{Global, print};
use crate::store::Store;
use crate::sync::{self, SyncKey};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    #[command(subcommand)]
    pub cmd: Option<SyncCmd>,
}

#[derive(Debug, Subcommand)]
pub enum SyncCmd {
    /// Name a folder that Syncthing, Dropbox, a USB stick or git already
    /// syncs (never the folder of the database itself)
    Init(InitArgs),
    /// This device and every other: segments applied and available
    Status(StatusArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The synced folder; mend keeps its files in DIR/mend-sync
    pub dir: PathBuf,
    /// A name for this device, shown by `mend sync status` [default: the host name]
    #[arg(long, value_name = "NAME")]
    pub device: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print JSON: {"device", "devices": [{"name", "applied", "available"}]}
    #[arg(long)]
    pub json: bool,
}

fn trim_newline(mut s: String) -> String {
    while s.ends_with('\n') || s.ends_with('\r') {
        s.pop();
    }
    s
}

/// The sync passphrase: `MEND_SYNC_PASSPHRASE_COMMAND`, `_FILE`, the
/// variable itself, else asked on the terminal (or a line of stdin).
pub fn passphrase(interactive: bool) -> Result<Option<String>> {
    if let Some(p) = sync::passphrase_from_env().map_err(|e| anyhow!(e))? {
        return Ok(Some(p));
    }
    if !interactive {
        return Ok(None);
    }
    let pass = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Sync passphrase: ")
            .context("cannot read the sync passphrase from the terminal")?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the sync passphrase from stdin")?;
        trim_newline(line)
    };
    Ok(Some(pass).filter(|p| !p.is_empty()))
}

fn need_passphrase() -> Result<String> {
    passphrase(true)?.ok_or_else(|| {
        anyhow!(
            "a sync passphrase is needed: give it through MEND_SYNC_PASSPHRASE, MEND_SYNC_PASSPHRASE_FILE or MEND_SYNC_PASSPHRASE_COMMAND, or type it"
        )
    })
}

fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "this device".into())
}

/// The database file and its WAL must never sit inside the synced folder.
fn refuse_db_inside(store: &Store, dir: &Path) -> Result<()> {
    if let (Some(db), Ok(dir)) = (store.path(), dir.canonicalize())
        && let Ok(db) = db.canonicalize()
        && db.starts_with(&dir)
    {
        bail!(
            "the database {} is inside {}: a live database in a synced folder gets corrupted; choose another folder (mend writes its own files there)",
            db.display(),
            dir.display()
        );
    }
    Ok(())
}

pub fn run(global: &Global, args: SyncArgs) -> Result<()> {
    match args.cmd {
        Some(SyncCmd::Init(a)) => init(global, a),
        Some(SyncCmd::Status(a)) => status(global, a),
        None => run_sync(global),
    }
}

fn init(global: &Global, args: InitArgs) -> Result<()> {
    let mut store = global.open_store()?;
    if !args.dir.exists() {
        bail!(
            "{} does not exist: give the folder your sync engine already shares (or create it first)",
            args.dir.display()
        );
    }
    if !args.dir.is_dir() {
        bail!("{} is not a folder", args.dir.display());
    }
    refuse_db_inside(&store, &args.dir)?;
    let dir = args
        .dir
        .canonicalize()
        .with_context(|| format!("cannot read {}", args.dir.display()))?;
    let name = args.device.unwrap_or_else(host_name);
    if name.trim().is_empty() {
        bail!("the device name must not be empty");
    }
    let pass = need_passphrase()?;
    let had_key = sync::sync_dir(&dir).join("key.age").is_file();
    SyncKey::unlock_or_create(&dir, &pass, None)?;
    store.sync_init(&dir.to_string_lossy(), name.trim())?;
    let key_note = if had_key {
        "It opened the folder's sync key."
    } else {
        "It made a new sync key there: let it reach your other devices before you run `mend sync init` on them."
    };
    print(&format!(
        "Sync folder set to {} for device \"{}\". {key_note} Run `mend sync` to send and receive.\n",
        dir.display(),
        name.trim()
    ))
}

fn run_sync(global: &Global) -> Result<()> {
    let mut store = global.open_store()?;
    let me = store.sync_self()?;
    let folder = PathBuf::from(me.folder.ok_or(sync::Error::NotSetUp)?);
    let pass = need_passphrase()?;
    let key = SyncKey::unlock_existing(&folder, &pass)?;
    let report = sync::sync(&mut store, &folder, &key)?;
    print(&format!("{}\n", report.describe()))?;
    if !report.refused.is_empty() {
        bail!("some changes come from a newer mend and were not applied");
    }
    Ok(())
}

fn status(global: &Global, args: StatusArgs) -> Result<()> {
    let store = global.open_store()?;
    let st = sync::status(&store)?;
    if args.json {
        return print(&(serde_json::to_string_pretty(&st)? + "\n"));
    }
    let mut out = match &st.folder {
        Some(f) => format!("This device is \"{}\", syncing through {f}.\n", st.device),
        None => "No sync folder is set: run `mend sync init DIR`.\n".to_string(),
    };
    for d in &st.devices {
        out.push_str(&format!(
            "  {}: {} of {} segment{} applied\n",
            d.name,
            d.applied,
            d.available,
            if d.available == 1 { "" } else { "s" }
        ));
    }
    print(&out)
}
