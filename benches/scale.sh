#!/usr/bin/env bash
# mend at 1,000 / 100,000 / 1,000,000 entries, side by side in one run: the
# jobs that grow with a journal's size. Not run by CI. Needs: cargo, tmux,
# python3, GNU time (/usr/bin/time).
#
#   bash benches/scale.sh                          # 1k, 100k and 1M
#   SIZES="1000 100000" bash benches/scale.sh      # skip the million
#   RUNS=5 bash benches/scale.sh                   # fewer runs (medians)
#
# The seeded journals are cached under target/bench-db (the million takes a
# few minutes to write); each size works on a copy in a temp folder ($WORK,
# kept for inspection). HOME and the XDG folders point into $WORK.
# In-process search and first-frame times come from `examples/measure.rs`;
# `cargo bench` (criterion) gives the careful ones.
set -euo pipefail

SIZES=${SIZES:-1000 100000 1000000}
SEED=${SEED:-1}
TODAY=${TODAY:-2026-03-15}
RUNS=${RUNS:-7}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/mend-scale.XXXXXX)}
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share"
mkdir -p "$HOME"
SOCK="mend-scale-$$"
echo "work folder: $WORK" >&2

cd "$ROOT"
cargo build --release --quiet
cargo build --release --quiet --example seed --example measure
MEND="$ROOT/target/release/mend"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maxof() { sort -n | tail -1; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
clear_daily() { # marks the daily check and backup as due, as on a new day
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"DELETE FROM setting WHERE key IN ('last_quick_check','last_auto_backup')\"); c.commit()" "$1"
}
# Waits until no mend window holds the journal, so the next one is a writer.
wait_alone() {
  for _ in $(seq 1 500); do
    flock -n "$1.lock" true 2>/dev/null && return 0
    sleep 0.01
  done
}
# Starts mend on $1 in tmux and waits for its first frame.
start_tui() {
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  wait_alone "$1"
  tmux -L "$SOCK" new-session -d -s s -x 200 -y 60 "MEND_DB=$1 $MEND; tmux -L $SOCK wait-for -S gone"
  while ! tmux -L "$SOCK" capture-pane -p -t s 2>/dev/null | grep -qF -- "Today"; do sleep 0.005; done
}
# Milliseconds from `q` to the exit of the window start_tui opened.
quit_now() {
  local t0
  t0=$(date +%s%N)
  tmux -L "$SOCK" send-keys -t s q
  tmux -L "$SOCK" wait-for gone
  ms_since "$t0"
  tmux -L "$SOCK" kill-server 2>/dev/null || true
}
# `/usr/bin/time -v` of a command: "seconds peak-MB".
timed() {
  /usr/bin/time -v -o "$WORK/t.txt" "$@" >/dev/null 2>&1
  awk -F': ' '/Elapsed/ {split($2, t, ":"); s = t[1] * 60 + t[2]} /Maximum resident/ {m = $2 / 1024} END {printf "%.2f %.1f\n", s, m}' "$WORK/t.txt"
}
backups_bytes() { du -sb "$1" 2>/dev/null | cut -f1 || echo 0; }

declare -A R
for N in $SIZES; do
  CACHE="$ROOT/target/bench-db/seed-$SEED-$N.db"
  if [ ! -f "$CACHE" ]; then
    mkdir -p "$(dirname "$CACHE")"
    rm -f "$CACHE.partial"
    target/release/examples/seed --db "$CACHE.partial" --entries "$N" --seed "$SEED" --today "$TODAY" >&2
    mv "$CACHE.partial" "$CACHE"
  fi
  D="$WORK/$N"
  mkdir -p "$D"
  DB="$D/mend.db"
  cp "$CACHE" "$DB"
  MEND_DB="$DB" "$MEND" days >/dev/null # a newer schema migrates here, once

  # The first start of a day: `q` at once (the daily check and backup are
  # due and run in the background), RUNS times.
  qs=()
  for _ in $(seq 1 "$RUNS"); do
    clear_daily "$DB"
    start_tui "$DB"
    sleep 0.3
    qs+=("$(quit_now)")
  done
  R[$N,q]="$(printf '%s\n' "${qs[@]}" | median) ms (slowest $(printf '%s\n' "${qs[@]}" | maxof))"

  # The daily backup, left to finish; then a new day without writes.
  rm -rf "$D/backups"
  clear_daily "$DB"
  start_tui "$DB"
  t0=$(date +%s%N)
  until ls "$D"/backups/mend-*.db >/dev/null 2>&1; do
    sleep 0.05
    if (( $(ms_since "$t0") > 600000 )); then break; fi
  done
  sleep 1
  quit_now >/dev/null
  R[$N,backup]="$(( $(backups_bytes "$D/backups") / 1000000 )) MB"
  before=$(ls -l --time-style=+%s.%N "$D"/backups | md5sum)
  clear_daily "$DB"
  start_tui "$DB"
  sleep $(( N >= 1000000 ? 30 : 5 ))
  quit_now >/dev/null
  after=$(ls -l --time-style=+%s.%N "$D"/backups | md5sum)
  R[$N,quiet]=$([ "$before" = "$after" ] && echo "none written" || echo "WRITTEN")

  # Export and import (into a new journal), time and peak memory.
  read -r s m < <(timed env MEND_DB="$DB" "$MEND" export --format json -o "$D/export.json")
  R[$N,export]="$s s, $m MB"
  read -r s m < <(timed env MEND_DB="$D/new.db" "$MEND" import "$D/export.json")
  R[$N,import]="$s s, $m MB ($(python3 -c "print(f'{$N / max($s, 0.001):,.0f}')") entries/s)"

  # In-process: search and first frame (examples/measure.rs), and the TUI
  # start to first frame in tmux.
  R[$N,measure]="$(target/release/examples/measure "$DB" 21)"
  fs=()
  for _ in $(seq 1 "$RUNS"); do
    t0=$(date +%s%N)
    start_tui "$DB"
    fs+=("$(ms_since "$t0")")
    quit_now >/dev/null
  done
  R[$N,frame]="$(printf '%s\n' "${fs[@]}" | median) ms"
done

pick() { # a line of measure's output -> its median
  awk -v k="$2" 'index($0, k) == 1 {print $(NF-2)}' <<<"$1" | sed 's/ms/ ms/; s/µs/ µs/'
}
{
  printf '| job |'; for N in $SIZES; do printf ' %s |' "$N"; done; echo
  printf '| --- |'; for N in $SIZES; do printf ' --- |'; done; echo
  printf '| first start of a day: `q` → exit |'; for N in $SIZES; do printf ' %s |' "${R[$N,q]}"; done; echo
  printf '| daily backup written |'; for N in $SIZES; do printf ' %s |' "${R[$N,backup]}"; done; echo
  printf '| a new day without writes: backup |'; for N in $SIZES; do printf ' %s |' "${R[$N,quiet]}"; done; echo
  printf '| export JSON: time, peak memory |'; for N in $SIZES; do printf ' %s |' "${R[$N,export]}"; done; echo
  printf '| import into a new journal: time, peak memory |'; for N in $SIZES; do printf ' %s |' "${R[$N,import]}"; done; echo
  for k in 'search "today"' 'search "spons*"' 'search "sponsor meeting"' 'start to first frame'; do
    printf '| %s (in-process, median) |' "$k"; for N in $SIZES; do printf ' %s |' "$(pick "${R[$N,measure]}" "$k")"; done; echo
  done
  printf '| TUI start to first frame (tmux, 200x60) |'; for N in $SIZES; do printf ' %s |' "${R[$N,frame]}"; done; echo
} | tee "$WORK/results.md"
