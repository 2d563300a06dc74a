#!/usr/bin/env bash
# journeytop against DuckDB on the same 1,000,000-event recording: both
# compute users (joins − leaves), likes, events per evtype and the newest
# answer per session as a histogram (each event uid counted once); the
# script checks they agree on every number, then prints both walls, both
# peak RSS figures and the ratios, and a last `RESULT key=value …` line.
# It also times `replay --headless` on the same file (its NDJSON lines to
# /dev/null): wall and peak RSS.
#
#   scripts/duckdb_side_by_side.sh [EVENTS] [SEED]
#
# Needs python3 (for a throwaway venv with DuckDB from PyPI) and GNU time
# (installed with apt-get when missing).
set -euo pipefail
EVENTS=${1:-1000000}
SEED=${2:-1}
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
cargo build --release --quiet
BIN=target/release/journeytop
REC="$WORK/rec.jsonl"
"$BIN" simulate --write-recording "$REC" --events "$EVENTS" --seed "$SEED" --log-file "$WORK/gen.log"
ls -l "$REC"

python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet duckdb
PY="$WORK/venv/bin/python"

cat > "$WORK/duck.py" <<'PY'
import json, sys, duckdb
con = duckdb.connect()
con.execute("SET threads TO 2")
rows = con.execute("""
WITH lines AS (
  SELECT kind, events FROM read_json(?, format='newline_delimited',
    columns={'kind': 'VARCHAR', 'events': 'JSON[]'}, ignore_errors=true)
  WHERE kind = 'batch'
), ev AS (
  SELECT e->>'uid' AS uid, e->>'session_uid' AS session, e->>'evtype' AS evtype,
         CAST(coalesce(e->>'prompt_time', e->>'journey_time') AS DOUBLE) AS t,
         CAST(e->'data'->>'rating' AS BIGINT) AS rating
  FROM (SELECT unnest(events) AS e FROM lines)
), once AS (
  SELECT * FROM ev QUALIFY row_number() OVER (PARTITION BY uid ORDER BY t) = 1
), newest AS (
  SELECT rating FROM once WHERE evtype = 'numeric_prompt_response'
  QUALIFY row_number() OVER (PARTITION BY session ORDER BY t DESC) = 1
)
SELECT 'evtype', evtype, count(*) FROM once GROUP BY evtype
UNION ALL SELECT 'rating', CAST(rating AS VARCHAR), count(*) FROM newest GROUP BY rating
""", [sys.argv[1]]).fetchall()
out = {"evtypes": {}, "ratings": {}}
for kind, key, n in rows:
    out["evtypes" if kind == "evtype" else "ratings"][key] = n
ev = out["evtypes"]
out["users"] = ev.get("join", 0) - ev.get("leave", 0)
out["likes"] = ev.get("like", 0)
print(json.dumps(out, sort_keys=True))
PY

cat > "$WORK/ours.py" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
live = s["final"]["live"]
out = {
    "users": live["users"],
    "likes": live["likes"],
    "evtypes": {k: v for k, v in s["evtypes"].items() if v},
    "ratings": {k: v for k, v in (live["numeric_active"] or {}).items() if v},
}
print(json.dumps(out, sort_keys=True))
PY

# Warm the page cache so neither side pays for the disk.
cat "$REC" >/dev/null
/usr/bin/time -v "$PY" "$WORK/duck.py" "$REC" >"$WORK/duck.json" 2>"$WORK/duck.time"
/usr/bin/time -v "$BIN" replay --summary --json "$REC" --log-file "$WORK/replay.log" >"$WORK/summary.json" 2>"$WORK/ours.time"
/usr/bin/time -v "$BIN" replay --headless "$REC" --log-file "$WORK/headless.log" >/dev/null 2>"$WORK/headless.time"
"$PY" "$WORK/ours.py" "$WORK/summary.json" >"$WORK/ours.json"

if ! diff <("$PY" -m json.tool "$WORK/duck.json") <("$PY" -m json.tool "$WORK/ours.json"); then
  echo "DuckDB and journeytop disagree" >&2
  exit 1
fi
echo "agree on every number: $(cat "$WORK/ours.json")"

wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }
DW=$(wall "$WORK/duck.time"); OW=$(wall "$WORK/ours.time")
DR=$(rss "$WORK/duck.time"); OR=$(rss "$WORK/ours.time")
HW=$(wall "$WORK/headless.time"); HR=$(rss "$WORK/headless.time")
echo "DuckDB                         wall ${DW} s  peak RSS $((DR / 1024)) MiB"
echo "journeytop replay --summary    wall ${OW} s  peak RSS $((OR / 1024)) MiB"
echo "journeytop replay --headless   wall ${HW} s  peak RSS $((HR / 1024)) MiB"
awk -v d="$DW" -v o="$OW" -v h="$HW" -v dr="$DR" -v or="$OR" -v hr="$HR" 'BEGIN {
  printf "journeytop --summary / DuckDB: wall %.2fx, peak RSS %.2fx\n", o / d, or / dr
  printf "journeytop --headless / DuckDB: wall %.2fx, peak RSS %.2fx\n", h / d, hr / dr
  # One line for scripts (scripts/check_budgets.sh reads it).
  printf "RESULT duckdb_wall_s=%s ours_wall_s=%s duckdb_rss_mib=%.1f ours_rss_mib=%.1f wall_ratio=%.3f headless_wall_s=%s headless_rss_mib=%.1f\n", d, o, dr / 1024, or / 1024, o / d, h, hr / 1024 }'
