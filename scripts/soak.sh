#!/usr/bin/env bash
# Soak: the simulator flooding 5,000 events/s at bandwidth 5,000 into the
# dashboard in tmux for SOAK_SECS (default 600). Samples the dashboard's CPU
# and RSS every 30 s and reads its own health log (ingest lag, overdue
# events). Fails if memory grows, CPU exceeds 5 % of a core, or the lag grows.
#
# usage: scripts/soak.sh [path/to/release/journeytop]     (SOAK_SECS=600 RATE=5000)
set -euo pipefail
BIN=${1:-target/release/journeytop}
secs=${SOAK_SECS:-600}; rate=${RATE:-5000}
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
duration=$((secs + 120))
"$BIN" simulate --listen "127.0.0.1:$port" --crowd 1 --flood "$rate" --duration "$duration" \
  --journey-file-out "$work/j.json" --log-file "$work/sim.log" >/dev/null 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null; tmux -L jt-soak kill-server 2>/dev/null; echo "logs kept in $work"' EXIT
sleep 1
tmux -L jt-soak new-session -d -s soak -x 200 -y 60 \
  "JOURNEYTOP_LOG=info $BIN watch --journey-file $work/j.json --bandwidth 5000 --lookback 10 --lookahead 10 --log-file $work/tui.log"
sleep 3
pid=$(pgrep -n -f "watch --journey-file $work/j.json")
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
echo "  t(s)   CPU%   RSS(MiB)"
c_prev=$(cpu); t_prev=$(date +%s.%N); start=$t_prev
first_rss=""; max_cpu=0; last_rss=0
while :; do
  sleep 30
  c=$(cpu); t=$(date +%s.%N); r=$(rss)
  pct=$(awk -v a="$c_prev" -v b="$c" -v t0="$t_prev" -v t1="$t" -v hz="$hz" 'BEGIN{printf "%.2f", 100*(b-a)/hz/(t1-t0)}')
  el=$(awk -v s="$start" -v t="$t" 'BEGIN{printf "%.0f", t-s}')
  printf "%6s %6s %10.1f\n" "$el" "$pct" "$(awk -v r="$r" 'BEGIN{print r/1024}')"
  [ -z "$first_rss" ] && [ "$el" -ge 60 ] && first_rss=$r
  max_cpu=$(awk -v a="$max_cpu" -v b="$pct" 'BEGIN{print (b>a)?b:a}')
  last_rss=$r; c_prev=$c; t_prev=$t
  awk -v e="$el" -v s="$secs" 'BEGIN{exit !(e>=s)}' && break
done
tmux -L jt-soak capture-pane -p -t soak > "$work/screen.txt"
echo "--- dashboard health (every 10 s; the last 6) ---"
grep "dashboard health" "$work/tui.log" | tail -6 | sed 's/.*dashboard health //'
lags=$(grep "dashboard health" "$work/tui.log" | sed -n 's/.*ingest_lag_ms="\{0,1\}\([0-9.]*\).*/\1/p')
early=$(echo "$lags" | head -6 | sort -g | tail -1); late=$(echo "$lags" | tail -6 | sort -g | tail -1)
overdue=$(grep "dashboard health" "$work/tui.log" | grep -c "overdue=true" || true)
echo "worst ingest lag: first minute ${early} ms, last minute ${late} ms; overdue samples: $overdue"
echo "RSS after 1 min $((first_rss / 1024)) MiB, at the end $((last_rss / 1024)) MiB; max CPU ${max_cpu} %"
ok=1
[ $((last_rss - first_rss)) -le 10240 ] || { echo "FAIL: memory grew"; ok=0; }
awk -v c="$max_cpu" 'BEGIN{exit !(c<=5.0)}' || { echo "FAIL: CPU over 5 %"; ok=0; }
awk -v a="$early" -v b="$late" 'BEGIN{exit !(b <= a + 100)}' || { echo "FAIL: lag grew"; ok=0; }
[ "$overdue" -eq 0 ] || { echo "FAIL: events overdue"; ok=0; }
[ $ok = 1 ] && echo "soak passed" || exit 1
