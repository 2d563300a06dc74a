#!/usr/bin/env bash
# CPU of the dashboard process (not the simulator) over a window, in % of one
# core, read from /proc: the run time of each of its threads in nanoseconds
# (/proc/PID/task/*/schedstat), so an idle dashboard's 0.1 % is read to
# 0.001 %, not to the 10 ms of a clock tick. Also its wake-ups a second.
# Runs `journeytop watch` in tmux against a separate `journeytop simulate`.
#
# usage: scripts/measure_cpu.sh CROWD BANDWIDTH SECONDS [extra watch args]
#   idle:  scripts/measure_cpu.sh 1 100 30      (almost nothing happens)
#   busy:  scripts/measure_cpu.sh 12000 5000 30 --lookback 10 --lookahead 10
# NEIGHBOUR=1 runs a neighbour that streams 64 MB through memory over and
# over on the other core, as a busy shared machine does to the caches.
set -euo pipefail
crowd=${1:?crowd}; bw=${2:?bandwidth}; secs=${3:?seconds}; shift 3
BIN=${BIN:-target/release/journeytop}
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
"$BIN" simulate --listen "127.0.0.1:$port" --crowd "$crowd" --duration "${DURATION:-20}" --journey-file-out "$work/j.json" --log-file "$work/sim.log" >/dev/null 2>&1 &
sim=$!
sock="jt-cpu-$$"  # one tmux server per run: runs side by side do not collide
neighbour=
if [ "${NEIGHBOUR:-0}" = 1 ]; then
  dd if=/dev/zero of=/dev/null bs=64M 2>/dev/null &
  neighbour=$!
fi
trap 'kill $sim $neighbour 2>/dev/null; tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
sleep 2
tmux -L "$sock" new-session -d -s m -x 200 -y 60 "$BIN watch --journey-file $work/j.json --bandwidth $bw $* --log-file $work/log"
sleep 3
pid=$(pgrep -n -f "watch --journey-file $work/j.json")
# Nanoseconds on a CPU and times scheduled in, summed over the threads.
cpu() { cat /proc/"$pid"/task/*/schedstat | awk '{ns += $1; runs += $3} END {print ns, runs}'; }
# A headless twin with the same settings counts the events delivered.
"$BIN" watch --journey-file "$work/j.json" --bandwidth "$bw" "$@" --headless --log-file "$work/log2" > "$work/lines" 2>/dev/null &
twin=$!
read -r c0 r0 < <(cpu); t0=$(date +%s.%N)
sleep "$secs"
read -r c1 r1 < <(cpu); t1=$(date +%s.%N)
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
awk -v c0="$c0" -v c1="$c1" -v r0="$r0" -v r1="$r1" -v t0="$t0" -v t1="$t1" \
  'BEGIN { printf "dashboard CPU: %.3f %% of one core over %.0f s; %.1f wake-ups a second\n", 100 * (c1 - c0) / 1e9 / (t1 - t0), t1 - t0, (r1 - r0) / (t1 - t0) }'
echo "peak RSS: $rss; $rate"
