#!/usr/bin/env bash
# End to end: the overview in a real terminal (tmux). For each size: start
# `journeytop demo --journeys 4`, check four rows are there and moving,
# press Enter (a journey's dashboard opens), Esc (back to the table), then
# q, and check the shell got its terminal back. Then four recordings side
# by side on one clock: pause, drill in and out, quit.
#
# usage: tests/e2e/tmux_top.sh [path/to/journeytop]   (CAPTURE_DIR=dir keeps the screens)
set -euo pipefail

BIN=${1:-target/release/journeytop}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release first)"; exit 2; }
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 2; }
work=$(mktemp -d)
trap 'tmux -L jt-top kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
tm() { tmux -L jt-top "$@"; }
fail() { echo "FAIL [$size]: $*"; echo "--- screen ---"; cat "$work/last"; exit 1; }
snap() { tm capture-pane -p -t "$s" > "$work/$1"; [ "$1" = last ] || cp "$work/$1" "$work/last"; }
wait_for() { # wait_for PATTERN: up to 10 s
  for _ in $(seq 1 40); do
    sleep 0.25
    snap last
    grep -q "$1" "$work/last" && return 0
  done
  return 1
}

passed=0
for size in 200x60 80x24; do
  w=${size%x*}; h=${size#*x}
  s="top$w"
  tm new-session -d -s "$s" -x "$w" -y "$h" \
    "TERM=xterm-256color $BIN demo --journeys 4 --duration 60 --log-file $work/log; echo JOURNEYTOP_EXIT=\$?; sleep 120"
  wait_for "4 journeys, 4 live" || fail "the overview does not show four live journeys"
  sleep 2
  snap first
  for want in "prompt" "state" "people" "likes" "headline" "mood" "holding"; do
    grep -q "$want" "$work/first" || fail "\"$want\" is not on screen"
  done
  rows=$(grep -c " live " "$work/first" || true)
  [ "$rows" -ge 4 ] || fail "$rows live rows, expected 4"
  sleep 3
  snap second
  cmp -s "$work/first" "$work/second" && fail "the rows did not change in 3 s"
  if [ -n "${CAPTURE_DIR:-}" ]; then mkdir -p "$CAPTURE_DIR"; cp "$work/second" "$CAPTURE_DIR/top-$size.txt"; fi
  tm send-keys -t "$s" j Enter
  wait_for "Participants" || fail "Enter did not open the journey's dashboard"
  grep -q "Esc back" "$work/last" || fail "the dashboard's footer does not offer Esc"
  tm send-keys -t "$s" Escape
  wait_for "4 journeys" || fail "Esc did not come back to the overview"
  tm send-keys -t "$s" q
  wait_for "JOURNEYTOP_EXIT=" || fail "journeytop did not exit after q"
  grep -q "JOURNEYTOP_EXIT=0" "$work/last" || fail "journeytop did not exit 0 after q"
  grep -q "4 journeys" "$work/last" && fail "the overview is still on the shell's screen"
  [ "$(tm display-message -p -t "$s" '#{alternate_on}')" = 0 ] || fail "still on the alternate screen"
  [ "$(tm display-message -p -t "$s" '#{cursor_flag}')" = 1 ] || fail "the cursor is hidden"
  tm kill-session -t "$s"
  echo "ok: overview at $size"
  passed=$((passed + 1))
done
# Recordings side by side: one clock for all, the replay keys on the table.
size=120x40; s=replay
assets=$(dirname "$0")/../../assets/recordings
tm new-session -d -s "$s" -x 120 -y 40 \
  "TERM=xterm-256color $BIN replay $assets/numeric.jsonl $assets/press.jsonl $assets/color.jsonl $assets/word.jsonl --speed 2 --log-file $work/log; echo JOURNEYTOP_EXIT=\$?; sleep 120"
wait_for "replay of 4 recordings" || fail "the overview does not show four recordings"
grep -q "2× playing" "$work/last" || fail "the shared clock's speed is not shown"
for want in "mood" "holding" "space pause"; do
  grep -q "$want" "$work/last" || fail "\"$want\" is not on screen"
done
tm send-keys -t "$s" Space
wait_for "paused" || fail "space did not pause the shared clock"
snap first
sleep 1.5
snap second
cmp -s "$work/first" "$work/second" || fail "the rows moved while paused"
tm send-keys -t "$s" Enter
wait_for "Participants" || fail "Enter did not open the recording's dashboard"
grep -q "PAUSED" "$work/last" || fail "the recording's dashboard does not show the shared pause"
tm send-keys -t "$s" Escape
wait_for "replay of 4 recordings" || fail "Esc did not come back to the recordings"
tm send-keys -t "$s" q
wait_for "JOURNEYTOP_EXIT=" || fail "journeytop did not exit after q"
grep -q "JOURNEYTOP_EXIT=0" "$work/last" || fail "journeytop did not exit 0 after q"
tm kill-session -t "$s"
echo "ok: recordings side by side at $size"
passed=$((passed + 1))

echo "$passed passed, 0 failed"
