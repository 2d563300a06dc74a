#!/usr/bin/env bash
# End to end: the release binary in a real terminal (tmux), as a user runs it.
# For each size: start `journeytop demo`, read the screen twice, check that
# participants, likes and the prompt panel are there and moving, press `q`,
# and check the shell got its terminal back (normal screen, cursor shown).
#
# usage: tests/e2e/tmux_demo.sh [path/to/journeytop]   (CAPTURE_DIR=dir keeps the screens)
set -euo pipefail

BIN=${1:-target/release/journeytop}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release first)"; exit 2; }
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 2; }
work=$(mktemp -d)
trap 'tmux -L jt-e2e kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
tm() { tmux -L jt-e2e "$@"; }
fail() { echo "FAIL [$size]: $*"; echo "--- screen ---"; cat "$work/last"; exit 1; }

passed=0
for size in 200x60 80x24; do
  w=${size%x*}; h=${size#*x}
  s="demo$w"
  tm new-session -d -s "$s" -x "$w" -y "$h" \
    "TERM=xterm-256color $BIN demo --log-file $work/log; echo JOURNEYTOP_EXIT=\$?; sleep 120"
  # The dashboard is up once the header shows the live connection.
  for _ in $(seq 1 40); do
    sleep 0.25
    tm capture-pane -p -t "$s" > "$work/last"
    grep -q "live" "$work/last" && grep -q "Participants" "$work/last" && break
  done
  sleep 3
  tm capture-pane -p -t "$s" > "$work/first"; cp "$work/first" "$work/last"
  for want in "Participants" "Likes" "Numeric prompt" "How are you feeling?" "Events"; do
    grep -q "$want" "$work/first" || fail "\"$want\" is not on screen"
  done
  [ "$(tm display-message -p -t "$s" '#{alternate_on}')" = 1 ] || fail "not on the alternate screen"
  sleep 3
  tm capture-pane -p -t "$s" > "$work/second"; cp "$work/second" "$work/last"
  cmp -s "$work/first" "$work/second" && fail "the screen did not change in 3 s"
  if [ -n "${CAPTURE_DIR:-}" ]; then mkdir -p "$CAPTURE_DIR"; cp "$work/second" "$CAPTURE_DIR/demo-$size.txt"; fi
  tm send-keys -t "$s" q
  for _ in $(seq 1 20); do
    sleep 0.25
    tm capture-pane -p -t "$s" > "$work/last"
    grep -q "JOURNEYTOP_EXIT=" "$work/last" && break
  done
  grep -q "JOURNEYTOP_EXIT=0" "$work/last" || fail "journeytop did not exit 0 after q"
  grep -q "Participants" "$work/last" && fail "the dashboard is still on the shell's screen"
  [ "$(tm display-message -p -t "$s" '#{alternate_on}')" = 0 ] || fail "still on the alternate screen"
  [ "$(tm display-message -p -t "$s" '#{cursor_flag}')" = 1 ] || fail "the cursor is hidden"
  tm kill-session -t "$s"
  echo "ok: demo at $size"
  passed=$((passed + 1))
done
echo "$passed passed, 0 failed"
