#!/usr/bin/env bash
# CPU of the dashboard process (not the simulator) over a window, in % of one
# core, read from /proc. Runs `journeytop watch` in tmux against a separate
# `journeytop simulate`.
#
# usage: scripts/measure_cpu.sh CROWD BANDWIDTH SECONDS [extra watch args]
#   idle:  scripts/measure_cpu.sh 1 100 30      (almost nothing happens)
#   busy:  scripts/measure_cpu.sh 12000 5000 30 --lookback 10 --lookahead 10
set -euo pipefail
crowd=${1:?crowd}; bw=${2:?bandwidth}; secs=${3:?seconds}; shift 3
BIN=${BIN:-target/release/journeytop}
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
"$BIN" simulate --listen "127.0.0.1:$port" --crowd "$crowd" --duration "${DURATION:-20}" --journey-file-out "$work/j.json" --log-file "$work/sim.log" >/dev/null 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null; tmux -L jt-cpu kill-server 2>/dev/null; rm -rf "$work"' EXIT
sleep 2
tmux -L jt-cpu new-session -d -s m -x 200 -y 60 "$BIN watch --journey-file $work/j.json --bandwidth $bw $* --log-file $work/log"
sleep 3
pid=$(pgrep -n -f "watch --journey-file $work/j.json")
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# A headless twin with the same settings counts the events delivered.
"$BIN" watch --journey-file "$work/j.json" --bandwidth "$bw" "$@" --headless --log-file "$work/log2" > "$work/lines" 2>/dev/null &
twin=$!
c0=$(cpu); t0=$(date +%s.%N)
sleep "$secs"
c1=$(cpu); t1=$(date +%s.%N)
kill $twin 2>/dev/null || true
sleep 0.5
rate=$(python3 -c '
import json,sys
lines=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
a,b=lines[0],lines[-1]
dt=b["journey_time"]-a["journey_time"]
print("%.0f events/s received by a twin client" % ((b["live"]["events"]["received"]-a["live"]["events"]["received"])/dt if dt>0 else 0))
' "$work/lines" || echo "?")
rss=$(awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$pid/status")
awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$ticks" \
  'BEGIN { printf "dashboard CPU: %.2f %% of one core over %.0f s\n", 100 * (c1 - c0) / hz / (t1 - t0), t1 - t0 }'
echo "peak RSS: $rss; $rate"
