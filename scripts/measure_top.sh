#!/usr/bin/env bash
# The overview under load: CPU (% of one core), peak RSS and open file
# descriptors of one `journeytop watch` following N journeys at once, each
# fed RATE events a second, with the overview on a 200×60 tmux screen.
# Only the watching process is measured (the simulator runs beside it).
#
# usage: scripts/measure_top.sh JOURNEYS RATE SECONDS
#   budget: scripts/measure_top.sh 50 100 30     (5,000 events/s in all)
#   many:   scripts/measure_top.sh 200 5 30      (200 connections)
set -euo pipefail
n=${1:?journeys}; rate=${2:?events per second per journey}; secs=${3:?seconds}
BIN=${BIN:-target/release/journeytop}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release first)"; exit 2; }
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
duration=$((secs + 40))
"$BIN" simulate --listen "127.0.0.1:$port" --journeys "$n" --crowd 1 --flood "$rate" \
  --duration "$duration" --journey-file-out "$work/many.json" --log-file "$work/sim.log" >/dev/null 2>&1 &
sim=$!
trap 'kill $sim ${twin:-} 2>/dev/null; tmux -L jt-top-m kill-server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do [ -s "$work/many.json" ] && break; sleep 0.1; done
tmux -L jt-top-m new-session -d -s m -x 200 -y 60 \
  "$BIN watch --journey-file $work/many.json --lookback 10 --lookahead 10 --log-file $work/watch.log"
pid=""
for _ in $(seq 1 50); do
  pid=$(pgrep -n -f "watch --journey-file $work/many.json" || true)
  [ -n "$pid" ] && break
  sleep 0.1
done
[ -n "$pid" ] || { echo "watch did not start"; exit 1; }
# Let every journey connect (and the floods find their first client).
live=0
for _ in $(seq 1 100); do
  sleep 0.2
  live=$(tmux -L jt-top-m capture-pane -p -t m | grep -o "[0-9]* journeys, [0-9]* live" | head -1 || true)
  [ "$live" = "$n journeys, $n live" ] && break
done
sleep 3
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# A headless twin follows the same journeys and counts what was delivered.
"$BIN" watch --journey-file "$work/many.json" --lookback 10 --lookahead 10 --headless --every 1 \
  --log-file "$work/twin.log" > "$work/lines" 2>/dev/null &
twin=$!
c0=$(cpu); t0=$(date +%s.%N)
sleep "$secs"
c1=$(cpu); t1=$(date +%s.%N)
kill $twin 2>/dev/null || true
sleep 0.5
delivered=$(python3 -c '
import json, sys
first, last = {}, {}
for line in open(sys.argv[1]):
    try:
        l = json.loads(line)
    except ValueError:
        continue
    u = l.get("uid")
    first.setdefault(u, l)
    last[u] = l
total = 0.0
for u, a in first.items():
    b = last[u]
    dt = b["journey_time"] - a["journey_time"]
    if dt > 0:
        total += (b["live"]["events"]["received"] - a["live"]["events"]["received"]) / dt
print("%.0f events/s delivered in all, to %d journeys (a headless twin counted)" % (total, len(first)))
' "$work/lines" || echo "? events/s delivered")
screen=$(tmux -L jt-top-m capture-pane -p -t m)
live=$(echo "$screen" | grep -o "[0-9]* journeys, [0-9]* live" | head -1 || echo "?")
fds=$(ls "/proc/$pid/fd" | wc -l)
rss=$(awk '/VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$pid/status")
awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$ticks" \
  'BEGIN { printf "overview CPU: %.2f %% of one core over %.0f s\n", 100 * (c1 - c0) / hz / (t1 - t0), t1 - t0 }'
echo "on screen: $live; peak RSS: $rss; open file descriptors: $fds"
echo "journeys asked: $n at $rate events/s each ($((n * rate)) events/s in all); $delivered"
