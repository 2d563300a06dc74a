#!/usr/bin/env bash
# journeytop vs jq on one recording of >= 1,000,000 events: both compute the
# per-evtype tallies and the final users / likes / rating histogram (newest
# answer per session, duplicates removed); the script checks they agree and
# prints the wall-clock ratio.
#
# usage: scripts/jq_side_by_side.sh [recording.jsonl]
#   Without a recording it makes one with the simulator (about 3.5 minutes:
#   the protocol caps a client at 5,000 events/s) in $TMPDIR; it is large
#   (~300 MB), so it is not kept in the repository.
set -euo pipefail
BIN=${BIN:-target/release/journeytop}
command -v jq >/dev/null || { echo "jq is not installed (apt-get install jq)"; exit 2; }
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release first)"; exit 2; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT

rec=${1:-}
if [ -z "$rec" ]; then
  rec="$work/big.jsonl"
  port=$((20000 + RANDOM % 20000))
  echo "recording ~1,000,000 events from the simulator into $rec (about 3.5 minutes)…"
  "$BIN" simulate --listen "127.0.0.1:$port" --crowd 1 --flood 5000 --duration 400 \
    --journey-file-out "$work/j.json" --log-file "$work/sim.log" >/dev/null 2>&1 &
  sleep 1
  "$BIN" watch --journey-file "$work/j.json" --headless --record "$rec" --until 205 \
    --bandwidth 5000 --lookback 10 --lookahead 10 --log-file "$work/watch.log" >/dev/null
  kill %1 2>/dev/null || true
fi
events=$(grep -o '"evtype"' "$rec" | wc -l)
echo "recording: $rec ($(du -h "$rec" | cut -f1), $events events)"

# jq: every event of every batch, each uid once, in time order, up to the
# recording's end (later events were still waiting for their time when it
# stopped, as on screen); the newest numeric answer of each session counts.
jq_prog='
  [inputs] as $lines
  | (($lines | map(select(.kind == "end")) | last | .t) // ($lines | map(.t // empty) | max)) as $stop
  | [$lines[] | select(.kind == "batch") | .events[]]
  | map(select((.prompt_time // .journey_time) <= $stop))
  | unique_by(.uid)
  | sort_by(.prompt_time // .journey_time)
  | {
      evtypes: (group_by(.evtype) | map({(.[0].evtype): length}) | add),
      users: ((map(select(.evtype == "join")) | length) - (map(select(.evtype == "leave")) | length)),
      likes: (map(select(.evtype == "like")) | length),
      numeric_active: (map(select(.evtype == "numeric_prompt_response"))
                       | group_by(.session_uid) | map(last.data.rating)
                       | group_by(.) | map({(.[0] | tostring): length}) | add // {})
    }'
t0=$(date +%s.%N)
jq -n -c "$jq_prog" "$rec" > "$work/jq.json"
t1=$(date +%s.%N)
"$BIN" replay --summary --json "$rec" > "$work/jt.json"
t2=$(date +%s.%N)

python3 - "$work/jq.json" "$work/jt.json" "$t0" "$t1" "$t2" <<'PY'
import json, sys
jq = json.load(open(sys.argv[1]))
jt = json.load(open(sys.argv[2]))
t0, t1, t2 = map(float, sys.argv[3:6])
live = jt["final"]["live"]
ours = {
    "evtypes": {k: v for k, v in jt["evtypes"].items() if v},
    "users": live["users"],
    "likes": live["likes"],
    "numeric_active": {k: v for k, v in (live["numeric_active"] or {}).items() if v},
}
theirs = dict(jq)
theirs["numeric_active"] = {k: v for k, v in (jq["numeric_active"] or {}).items() if v}
for key in ours:
    same = ours[key] == theirs[key]
    print(f"{key:15} {'agree' if same else 'DIFFER'}: {json.dumps(ours[key])}")
    if not same:
        print(f"{'':15} jq says {json.dumps(theirs[key])}")
jq_s, jt_s = t1 - t0, t2 - t1
print(f"jq:         {jq_s:7.2f} s")
print(f"journeytop: {jt_s:7.2f} s")
print(f"journeytop is {jq_s / jt_s:.1f}x faster")
sys.exit(0 if all(ours[k] == theirs[k] for k in ours) else 1)
PY
