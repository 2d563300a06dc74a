#!/usr/bin/env bash
# End to end: the journey ends on time and the keys people expect work.
# `demo --duration 5` in tmux at 80×24: the summary is on screen by journey
# time 6 (not 19); Esc does not quit; Enter expands the focused panel and
# Enter brings the dashboard back; n starts the next journey; q quits; each
# journey was recorded to its own file (--record), ending on time.
#
# usage: tests/e2e/tmux_keys.sh [path/to/journeytop]   (CAPTURE_DIR=dir keeps the screens)
set -euo pipefail

BIN=${1:-target/release/journeytop}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release first)"; exit 2; }
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 2; }
work=$(mktemp -d)
trap 'tmux -L jt-keys kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
tm() { tmux -L jt-keys "$@"; }
s=keys
fail() { echo "FAIL: $*"; echo "--- screen ---"; cat "$work/last"; exit 1; }
cap() { tm capture-pane -p -t "$s" > "$work/last"; }
# The journey time the header shows: "00:04 / 00:05" → 4; past the end the
# clock stops at the duration and the time since follows: "00:05 / 00:05
# +00:01" → 6.
clock() {
  grep -oE '[0-9][0-9]:[0-9][0-9] / 00:05( \+[0-9][0-9]:[0-9][0-9])?' "$work/last" | head -1 |
    awk '{ split($1, a, ":"); t = a[1]*60 + a[2]; if ($4 != "") { split(substr($4, 2), b, ":"); t += b[1]*60 + b[2] } print t }'
}

tm new-session -d -s "$s" -x 80 -y 24 \
  "TERM=xterm-256color $BIN demo --duration 5 --record $work/rec.jsonl --log-file $work/log; echo JOURNEYTOP_EXIT=\$?; sleep 120"

# 1. The summary is on screen by journey time 6.
seen=""
for _ in $(seq 1 80); do
  sleep 0.25; cap
  if grep -q "The journey has ended" "$work/last"; then seen=$(clock); break; fi
done
[ -n "$seen" ] || fail "no summary within 20 s"
[ "$seen" -le 6 ] || fail "the summary came at journey time $seen, not by 6"
grep -q "ENDED" "$work/last" || fail "the header does not say the journey ended"
echo "ok: summary at journey time $seen"
[ -n "${CAPTURE_DIR:-}" ] && { mkdir -p "$CAPTURE_DIR"; cp "$work/last" "$CAPTURE_DIR/summary-80x24.txt"; }

# 2. Esc closes the summary and does not quit.
tm send-keys -t "$s" Escape; sleep 1; cap
grep -q "JOURNEYTOP_EXIT" "$work/last" && fail "Esc quit"
grep -q "The journey has ended" "$work/last" && fail "Esc did not close the summary"
tm send-keys -t "$s" Escape; sleep 1; cap
grep -q "JOURNEYTOP_EXIT" "$work/last" && fail "a second Esc quit"
grep -q "Participants" "$work/last" || fail "the dashboard is gone after Esc"
echo "ok: Esc closes the summary and never quits"

# 3. Enter expands the focused panel (the prompt) to the whole screen, and back.
tm send-keys -t "$s" Enter; sleep 1; cap
grep -q "Participants" "$work/last" && fail "Enter did not expand the prompt panel"
grep -q "Numeric prompt" "$work/last" || fail "the expanded panel is not the prompt"
tm send-keys -t "$s" Enter; sleep 1; cap
grep -q "Participants" "$work/last" || fail "Enter did not bring the dashboard back"
echo "ok: Enter expands and comes back"

# 4. n starts the next journey, which ends on its summary too.
tm send-keys -t "$s" n; sleep 1; cap
grep -q "The journey has ended" "$work/last" && fail "n did not start the next journey"
again=""
for _ in $(seq 1 80); do
  sleep 0.25; cap
  if grep -q "The journey has ended" "$work/last"; then again=$(clock); break; fi
done
[ -n "$again" ] || fail "the second journey showed no summary within 20 s"
echo "ok: n starts the next journey (its summary at journey time $again)"

# 5. q quits, exit 0.
tm send-keys -t "$s" q
for _ in $(seq 1 20); do sleep 0.25; cap; grep -q "JOURNEYTOP_EXIT=" "$work/last" && break; done
grep -q "JOURNEYTOP_EXIT=0" "$work/last" || fail "q did not quit with 0"
echo "ok: q quits"

# 6. One recording per journey, each ending by duration + lookback (5 + 3 s).
for rec in "$work/rec.jsonl" "$work/rec-2.jsonl"; do
  [ -s "$rec" ] || { echo "FAIL: no recording $rec"; ls -l "$work"; exit 1; }
  "$BIN" replay --summary "$rec" --log-file "$work/replay.log" > "$work/summary.txt" \
    || { echo "FAIL: $rec does not replay"; cat "$work/summary.txt"; exit 1; }
  end=$(grep -o 'journey time [0-9.]* s → [0-9.]* s' "$work/summary.txt" | awk '{print $6}')
  awk -v e="$end" 'BEGIN{exit !(e > 0 && e <= 8.0)}' \
    || { echo "FAIL: $rec ends at journey time $end, not by 8"; cat "$work/summary.txt"; exit 1; }
done
cmp -s "$work/rec.jsonl" "$work/rec-2.jsonl" && { echo "FAIL: both journeys wrote the same file"; exit 1; }
echo "ok: one recording per journey, each ends by 8 s"
echo "6 passed, 0 failed"
