#!/usr/bin/env bash
# Side-by-side: mend vs jrnl vs tui-journal on the same generated journal.
# Not run by CI. Needs: cargo, python3 (venv + pip), hyperfine, tmux,
# /usr/bin/time (GNU time).
#
#   bash benches/compare.sh                 # 100,000 entries
#   ENTRIES=1000 bash benches/compare.sh    # quick try
#   ENTRIES=1000000 bash benches/compare.sh # a million (the seed is cached)
#   SKIP_TUI_JOURNAL=1 bash benches/compare.sh   # skip the (slow) cargo install
#   SKIP_JRNL=1 ...                              # skip jrnl
#
# Everything is installed into a temp folder ($WORK, kept for inspection);
# nothing is written to your home: HOME and XDG dirs point into $WORK.
set -euo pipefail

ENTRIES=${ENTRIES:-100000}
SEED=${SEED:-1}
TODAY=${TODAY:-2026-03-15}
WORD=${WORD:-lighthouse}
RUNS=${RUNS:-10}   # hyperfine runs and first-frame runs (medians)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/mend-compare.XXXXXX)}
mkdir -p "$WORK/home"
# Keep cargo and rustup working; everything else sees the temp HOME.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share"
SOCK="mend-compare-$$"
echo "work folder: $WORK" >&2

# --- mend and the seeded journal -------------------------------------------
cd "$ROOT"
cargo build --release --quiet
cargo build --release --quiet --example seed
MEND="$ROOT/target/release/mend"
DB="$WORK/mend.db"
# The seeded journal is cached under target/ (the million takes a while),
# the same file `cargo bench` uses; each run works on a copy.
CACHE="$ROOT/target/bench-db/seed-$SEED-$ENTRIES.db"
if [ ! -f "$CACHE" ]; then
  mkdir -p "$(dirname "$CACHE")"
  rm -f "$CACHE.partial"
  target/release/examples/seed --db "$CACHE.partial" --entries "$ENTRIES" --seed "$SEED" --today "$TODAY"
  mv "$CACHE.partial" "$CACHE"
fi
[ -f "$DB" ] || cp "$CACHE" "$DB"
export MEND_DB="$DB"

# --- converters: read the SQLite file directly -----------------------------
python3 - "$DB" "$WORK" <<'PY'
import json, sqlite3, sys
db, work = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
rows = con.execute("""
  SELECT e.id, e.day, e.created_at, e.body,
         (SELECT group_concat(t.name, ' ') FROM journal_tag jt JOIN tag t ON t.id = jt.tag_id
          WHERE jt.entry_id = e.id)
  FROM journal_entry e ORDER BY e.day, e.id""").fetchall()
# jrnl's plain-text journal format (what `jrnl --import` reads):
#   [YYYY-MM-DD HH:MM:SS AM] Title. Body...
with open(f"{work}/jrnl-import.txt", "w") as f:
    for _id, day, created, body, tags in rows:
        hh, mm = int(created[11:13]), int(created[14:16])
        ampm = "AM" if hh < 12 else "PM"
        h12 = hh % 12 or 12
        tagtext = " ".join("@" + t for t in (tags or "").split())
        text = body.replace("\n[", "\n (")
        f.write(f"[{day} {h12:02d}:{mm:02d}:00 {ampm}] {text}\n{tagtext}\n\n")
# tui-journal's transfer JSON (`tjournal import-journals -p FILE`).
entries = []
for _id, day, created, body, tags in rows:
    first, _, rest = body.partition(". ")
    entries.append({"date": f"{day}T{created[11:19]}Z", "title": first[:80],
                    "content": body, "tags": (tags or "").split(), "priority": None})
with open(f"{work}/tjournal-import.json", "w") as f:
    json.dump({"version": 100, "entries": entries}, f)
print(f"converted {len(rows)} entries", file=sys.stderr)
PY

# --- helpers -----------------------------------------------------------------
# Median of N runs of: start a TUI in tmux, poll until $2 (a string of its
# first full frame) shows, kill it. Prints milliseconds.
first_frame() {
  local cmd=$1 marker=$2 times=() run
  # One extra first run, dropped: mend's once-a-day integrity check (and
  # cold caches) belong to the first start of a day, not to every start.
  for run in $(seq 0 "$RUNS"); do
    tmux -L "$SOCK" kill-server 2>/dev/null || true
    wait_alone
    local t0 t1
    t0=$(date +%s%N)
    tmux -L "$SOCK" new-session -d -s s -x 200 -y 60 "$cmd"
    while ! tmux -L "$SOCK" capture-pane -p -t s 2>/dev/null | grep -qF -- "$marker"; do
      sleep 0.002
      if (( ($(date +%s%N) - t0) > 60000000000 )); then echo "timeout" >&2; break; fi
    done
    t1=$(date +%s%N)
    (( run > 0 )) && times+=($(( (t1 - t0) / 1000000 )))
    tmux -L "$SOCK" kill-server 2>/dev/null || true
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# Waits until no mend window holds the journal (the one just killed may
# take a moment to exit), so the next start is a writer, the only window,
# and not a second window.
wait_alone() {
  for _ in $(seq 1 500); do
    flock -n "$DB.lock" true 2>/dev/null && return 0
    sleep 0.01
  done
}

# Milliseconds from `q` to the exit of a mend window on its first start of
# a day (the daily check and backup are due: their settings are cleared).
quit_ms() {
  local times=() run t0 t1
  for run in $(seq 1 "$RUNS"); do
    python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"DELETE FROM setting WHERE key IN ('last_quick_check','last_auto_backup')\"); c.commit()" "$DB"
    tmux -L "$SOCK" kill-server 2>/dev/null || true
    wait_alone
    tmux -L "$SOCK" new-session -d -s s -x 200 -y 60 "MEND_DB=$DB $MEND; tmux -L $SOCK wait-for -S gone"
    while ! tmux -L "$SOCK" capture-pane -p -t s 2>/dev/null | grep -qF -- "Today"; do sleep 0.01; done
    sleep 0.3
    t0=$(date +%s%N)
    tmux -L "$SOCK" send-keys -t s q
    tmux -L "$SOCK" wait-for gone
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
    tmux -L "$SOCK" kill-server 2>/dev/null || true
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# Peak RSS (MB) of a TUI run in tmux under GNU time: start, wait for the
# first frame, press $3 keys, quit with $4.
peak_tui() {
  local cmd=$1 marker=$2 keys=$3 quit=$4 out="$WORK/time-$RANDOM.txt"
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  tmux -L "$SOCK" new-session -d -s s -x 200 -y 60 "/usr/bin/time -v -o $out $cmd"
  for _ in $(seq 1 3000); do
    tmux -L "$SOCK" capture-pane -p -t s | grep -qF -- "$marker" && break
    sleep 0.02
  done
  for k in $keys; do tmux -L "$SOCK" send-keys -t s "$k"; sleep 0.05; done
  sleep 0.3
  tmux -L "$SOCK" send-keys -t s $quit
  for _ in $(seq 1 500); do [ -s "$out" ] && break; sleep 0.02; done
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  awk -F: '/Maximum resident/ {printf "%.1f\n", $2/1024}' "$out"
}

peak_cmd() {
  /usr/bin/time -v -o "$WORK/t.txt" "$@" >/dev/null 2>&1 || true
  awk -F: '/Maximum resident/ {printf "%.1f\n", $2/1024}' "$WORK/t.txt"
}

RESULTS="$WORK/results.md"
{
  echo "| job ($ENTRIES entries) | mend | jrnl | tui-journal |"
  echo "| --- | --- | --- | --- |"
} >"$RESULTS"

hf() { # name, commands... -> writes hyperfine JSON
  local name=$1; shift
  hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$WORK/$name.json" "$@" >&2
}
median_ms() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join(f\"{x['median']*1000:.1f} ms\" for x in r))" "$1"; }

# --- mend ----------------------------------------------------------------------
hf mend-cli "$MEND --version" "$MEND days" "$MEND journal list --limit 10" "$MEND journal search $WORD"
read -r M_VER M_DAYS M_LIST M_SEARCH < <(median_ms "$WORK/mend-cli.json" | sed 's/ ms//g')
M_FRAME=$(first_frame "MEND_DB=$DB $MEND" "Today")
M_QUIT=$(quit_ms)
M_BACKUPS=$(ls "$WORK"/backups 2>/dev/null | grep -c '^mend-' || true)
M_PEAK=$(peak_tui "$MEND" "Today" "2 j j j j G g / l i g h Enter" "q")
M_PEAK_LIST=$(peak_cmd "$MEND" journal list --limit 10)

# --- jrnl ----------------------------------------------------------------------
J_LIST=n/a J_SEARCH=n/a J_PEAK=n/a J_IMPORT=n/a
if [ -z "${SKIP_JRNL:-}" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet jrnl
  JRNL="$WORK/venv/bin/jrnl"
  JV=$("$JRNL" --version | awk '{print $2}' | head -1)
  mkdir -p "$XDG_CONFIG_HOME/jrnl"
  cat >"$XDG_CONFIG_HOME/jrnl/jrnl.yaml" <<YAML
colors: {body: none, date: none, tags: none, title: none}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: $WORK/jrnl-journal.txt
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v$JV
YAML
  : >"$WORK/jrnl-journal.txt"
  t0=$(date +%s%N)
  "$JRNL" --import --file "$WORK/jrnl-import.txt" </dev/null >&2 || true
  J_IMPORT="$(( ($(date +%s%N) - t0) / 1000000 )) ms"
  hf jrnl "$JRNL -n 10" "$JRNL -contains $WORD"
  read -r J_LIST J_SEARCH < <(median_ms "$WORK/jrnl.json" | sed 's/ ms//g')
  J_PEAK=$(peak_cmd "$JRNL" -n 10)
fi

# --- tui-journal ---------------------------------------------------------------
T_FRAME=n/a T_PEAK=n/a T_IMPORT=n/a
if [ -z "${SKIP_TUI_JOURNAL:-}" ]; then
  cargo install --quiet --locked --root "$WORK/tj" tui-journal
  TJ="$WORK/tj/bin/tjournal"
  # Its SQLite back-end: the JSON one rewrites the whole file per imported
  # entry (10 MB after 2 minutes here). Import runs inside its TUI, so in tmux.
  TJDB="$WORK/tjournal.db"
  rm -f "$TJDB"
  t0=$(date +%s%N)
  tmux -L "$SOCK" new-session -d -s s -x 200 -y 60 "$TJ -s $TJDB import-journals -p $WORK/tjournal-import.json"
  sleep 0.5
  while tmux -L "$SOCK" capture-pane -p -t s | grep -q "Importing" \
    || ! tmux -L "$SOCK" capture-pane -p -t s | grep -q "Journals"; do sleep 0.1; done
  T_IMPORT="$(( ($(date +%s%N) - t0) / 1000000 )) ms"
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  T_FRAME=$(first_frame "$TJ -s $TJDB" "Journals")
  T_PEAK=$(peak_tui "$TJ -s $TJDB" "Journals" "j j j j" "q")
fi

{
  echo "| list the last 10 entries | $M_LIST ms (\`mend journal list --limit 10\`) | $J_LIST ms (\`jrnl -n 10\`) | — (no CLI list) |"
  echo "| search for a word | $M_SEARCH ms (\`mend journal search $WORD\`) | $J_SEARCH ms (\`jrnl -contains $WORD\`) | — (TUI only) |"
  echo "| \`mend days\` / \`--version\` | $M_DAYS ms / $M_VER ms | | |"
  echo "| TUI start to first frame (tmux, 200x60) | $M_FRAME ms | — (no TUI) | $T_FRAME ms |"
  echo "| first start of a day: \`q\` → exit | $M_QUIT ms ($M_BACKUPS dated backup(s) written in all the runs) | — | — |"
  echo "| peak memory, TUI (a few keys, quit) | $M_PEAK MB | — | $T_PEAK MB |"
  echo "| peak memory, list 10 | $M_PEAK_LIST MB | $J_PEAK MB | — |"
  echo "| import | (not measured here) | $J_IMPORT | $T_IMPORT |"
} >>"$RESULTS"
cat "$RESULTS"
