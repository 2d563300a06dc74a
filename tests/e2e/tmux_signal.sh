#!/usr/bin/env bash
# End to end: SIGTERM on a dashboard. `demo` in tmux at 80×24; one SIGTERM
# (to the binary's own pid) ends it with exit 143 and the terminal restored:
# the alternate screen left, the cursor shown, raw mode off (the shell's
# `echo` after it prints on a normal screen), and its `--record` file
# ends with the end line (reason "signal").
#
# usage: tests/e2e/tmux_signal.sh [path/to/journeytop]
set -euo pipefail

BIN=${1:-target/release/journeytop}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release first)"; exit 2; }
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 2; }
work=$(mktemp -d)
trap 'tmux -L jt-signal kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
tm() { tmux -L jt-signal "$@"; }
s=signal
fail() { echo "FAIL: $*"; echo "--- screen ---"; cat "$work/last"; exit 1; }
cap() { tm capture-pane -p -t "$s" > "$work/last"; }

# `exec` keeps the pid written to the file: it is the binary's.
tm new-session -d -s "$s" -x 80 -y 24 \
  "bash -c 'echo \$\$ > $work/pid; TERM=xterm-256color exec $BIN demo --duration 60 --record $work/rec.jsonl --log-file $work/log'; echo JOURNEYTOP_EXIT=\$?; sleep 120"

for _ in $(seq 1 80); do
  sleep 0.25; cap
  grep -q "Participants" "$work/last" && break
done
grep -q "Participants" "$work/last" || fail "no dashboard within 20 s"
[ "$(tm display -p -t "$s" '#{alternate_on}')" = 1 ] || fail "the dashboard is not on the alternate screen"

kill -TERM "$(cat "$work/pid")"
for _ in $(seq 1 40); do sleep 0.25; cap; grep -q "JOURNEYTOP_EXIT=" "$work/last" && break; done
grep -q "JOURNEYTOP_EXIT=143" "$work/last" || fail "one SIGTERM did not end it with 143"
echo "ok: one SIGTERM ends the dashboard with 143"
[ "$(tm display -p -t "$s" '#{alternate_on}')" = 0 ] || fail "still on the alternate screen"
[ "$(tm display -p -t "$s" '#{cursor_flag}')" = 1 ] || fail "the cursor is still hidden"
grep -q "Participants" "$work/last" && fail "the dashboard is still on screen"
echo "ok: the terminal is restored"
tail -n 1 "$work/rec.jsonl" | grep -q '"kind":"end","reason":"signal"' || fail "the recording does not end with its end line: $(tail -c 300 "$work/rec.jsonl")"
echo "ok: the recording ends with its end line"
echo "3 passed, 0 failed"
