#!/usr/bin/env bash
# Checks the budgets of README → Performance: runs the benches and the
# measurement scripts, prints one table (budget, measured, pass / miss) and
# exits 1 when any budget is missed or could not be measured. Not part of
# `cargo test`: run it by hand (release builds, minutes) before reporting
# figures.
#
#   scripts/check_budgets.sh            everything (about 25 minutes: the soak is 10)
#   scripts/check_budgets.sh --quick    without the soak and DuckDB
#   scripts/check_budgets.sh --only ingest,render,idle,busy,top,soak,memory,duckdb
#   scripts/check_budgets.sh --parse-only   read the criterion output already
#                                       in $CRITERION_DIR, run nothing else
#
# Environment: BENCH_ARGS (criterion's options, default
# "--warm-up-time 1 --measurement-time 3"), CRITERION_DIR (default
# target/criterion), SOAK_SECS (passed to the soak), BIN (the release binary).
set -uo pipefail
cd "$(dirname "$0")/.."

# The budgets, as README → Performance states them.
INGEST_MIN_EV_PER_S=3000000     # ingest, one core
FRAME_80x24_MAX_US=60           # one full frame, every style
FRAME_200x60_MAX_US=150
IDLE_CPU_MAX_PCT=0.1            # dashboard CPU while nothing changes
BUSY_CPU_MAX_PCT=2              # dashboard CPU at ~5,000 events/s
BUSY_MIN_EV_PER_S=4500          # the busy run must really be near 5,000/s
REPLAY_MAX_S=0.5                # replay --summary of 1M events, wall
REPLAY_MAX_MIB=64               # ... and peak RSS (summary and headless)
TOP_CPU_MAX_PCT=5               # the overview: 50 journeys x 100 events/s
TOP_MANY_MAX_MIB=256            # 200 journeys connected at once

BENCH_ARGS=${BENCH_ARGS:---warm-up-time 1 --measurement-time 3}
CRITERION_DIR=${CRITERION_DIR:-target/criterion}
export BIN=${BIN:-target/release/journeytop}

ALL="ingest render idle busy top soak memory duckdb"
only=$ALL
parse_only=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) only="ingest render idle busy top memory" ;;
    --only) only=${2//,/ }; shift ;;
    --parse-only) parse_only=1; only="ingest render" ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "check_budgets: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
wanted() { [[ " $only " == *" $1 "* ]]; }

ROWS=()
MISSED=0
# row BUDGET MEASURED VERDICT   (VERDICT: pass, miss, or error)
row() {
  ROWS+=("$1"$'\t'"$2"$'\t'"$3")
  [ "$3" = pass ] || MISSED=$((MISSED + 1))
}
# verdict VALUE OP LIMIT: pass when `VALUE OP LIMIT` holds (OP: <= or >=).
verdict() {
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
    if (v == "" || v !~ /^[0-9.eE+-]+$/) { print "error"; exit }
    ok = (op == "<=") ? (v + 0 <= l + 0) : (v + 0 >= l + 0)
    print ok ? "pass" : "miss" }'
}
# The median of a criterion estimates.json, in nanoseconds.
median_ns() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"])' "$1" 2>/dev/null
}
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT

if wanted ingest; then
  [ $parse_only = 1 ] || cargo bench --bench ingest -- $BENCH_ARGS >"$LOGS/ingest" 2>&1 ||
    echo "check_budgets: the ingest bench failed; see above" >&2
  # Events per iteration: BATCH × BATCHES in the bench.
  per_iter=$(awk '/^const BATCH(ES)?: usize/ {gsub(/[;_]/, "", $NF); p = (p ? p : 1) * $NF} END {print p}' benches/ingest.rs)
  found=0
  for f in "$CRITERION_DIR"/ingest/*/new/estimates.json; do
    [ -f "$f" ] || continue
    found=1
    name=$(basename "$(dirname "$(dirname "$f")")")
    rate=$(awk -v n="$per_iter" -v ns="$(median_ns "$f")" 'BEGIN { if (ns > 0) printf "%.0f", n / (ns / 1e9) }')
    row "ingest $name >= $INGEST_MIN_EV_PER_S ev/s" "${rate:-?} ev/s" "$(verdict "$rate" '>=' $INGEST_MIN_EV_PER_S)"
  done
  [ $found = 1 ] || row "ingest >= $INGEST_MIN_EV_PER_S ev/s" "no criterion output" error
fi

if wanted render; then
  [ $parse_only = 1 ] || cargo bench --bench render -- frame $BENCH_ARGS >"$LOGS/render" 2>&1 ||
    echo "check_budgets: the render bench failed" >&2
  for size in 80x24 200x60; do
    limit=$FRAME_80x24_MAX_US
    [ $size = 200x60 ] && limit=$FRAME_200x60_MAX_US
    found=0
    for f in "$CRITERION_DIR"/render/frame/*/"$size"/new/estimates.json \
             "$CRITERION_DIR"/render_frame/*/"$size"/new/estimates.json; do
      [ -f "$f" ] || continue
      found=1
      style=$(basename "$(dirname "$(dirname "$(dirname "$f")")")")
      us=$(awk -v ns="$(median_ns "$f")" 'BEGIN { if (ns > 0) printf "%.1f", ns / 1000 }')
      row "frame $style $size <= $limit us" "${us:-?} us" "$(verdict "$us" '<=' "$limit")"
    done
    [ $found = 1 ] || row "frame $size <= $limit us" "no criterion output" error
  done
fi

if wanted idle || wanted busy || wanted top || wanted duckdb; then
  cargo build --release --quiet || { echo "check_budgets: release build failed" >&2; exit 1; }
fi
# cpu_of OUTPUT: the "dashboard CPU: X %" figure of measure_cpu.sh.
cpu_of() { sed -n 's/^dashboard CPU: \([0-9.]*\) %.*/\1/p' "$1"; }
if wanted idle; then
  # A 5-minute prompt, so its clock still ticks through the whole minute
  # measured (a 20 s one ends inside it and goes quieter than idle).
  DURATION=300 scripts/measure_cpu.sh 1 100 60 >"$LOGS/idle" 2>&1
  pct=$(cpu_of "$LOGS/idle")
  row "idle CPU <= $IDLE_CPU_MAX_PCT %" "${pct:-?} %" "$(verdict "$pct" '<=' $IDLE_CPU_MAX_PCT)"
fi
if wanted busy; then
  scripts/measure_cpu.sh 40000 5000 15 --lookback 10 --lookahead 10 >"$LOGS/busy" 2>&1
  pct=$(cpu_of "$LOGS/busy")
  rate=$(sed -n 's/.*; \([0-9]*\) events\/s received.*/\1/p' "$LOGS/busy")
  row "busy CPU <= $BUSY_CPU_MAX_PCT %" "${pct:-?} % at ${rate:-?} ev/s" "$(verdict "$pct" '<=' $BUSY_CPU_MAX_PCT)"
  row "busy run >= $BUSY_MIN_EV_PER_S ev/s" "${rate:-?} ev/s" "$(verdict "$rate" '>=' $BUSY_MIN_EV_PER_S)"
fi
if wanted top; then
  scripts/measure_top.sh 50 100 30 >"$LOGS/top" 2>&1
  pct=$(sed -n 's/^overview CPU: \([0-9.]*\) %.*/\1/p' "$LOGS/top")
  row "overview 50x100 ev/s CPU <= $TOP_CPU_MAX_PCT %" "${pct:-?} %" "$(verdict "$pct" '<=' $TOP_CPU_MAX_PCT)"
  scripts/measure_top.sh 200 5 20 >"$LOGS/top200" 2>&1
  mib=$(sed -n 's/.*peak RSS: \([0-9.]*\) MiB.*/\1/p' "$LOGS/top200")
  live=$(grep -c "on screen: 200 journeys, 200 live" "$LOGS/top200")
  row "overview 200 journeys all live" "$live of 1 runs" "$(verdict "$live" '>=' 1)"
  row "overview 200 journeys <= $TOP_MANY_MAX_MIB MiB" "${mib:-?} MiB" "$(verdict "$mib" '<=' $TOP_MANY_MAX_MIB)"
fi
if wanted soak; then
  if cargo test --release --test soak -- --ignored >"$LOGS/soak" 2>&1; then
    row "soak: no growing lag, memory flat" "passed" pass
  else
    row "soak: no growing lag, memory flat" "failed (see the soak's output)" miss
  fi
fi
if wanted memory; then
  if cargo test --release --test memory >"$LOGS/memory" 2>&1; then
    row "memory: peak RSS <= 64 MiB" "passed" pass
  else
    row "memory: peak RSS <= 64 MiB" "failed" miss
  fi
fi
if wanted duckdb; then
  scripts/duckdb_side_by_side.sh >"$LOGS/duckdb" 2>&1
  res=$(grep '^RESULT ' "$LOGS/duckdb" | tail -1)
  get() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$res "; }
  ow=$(get ours_wall_s); dw=$(get duckdb_wall_s); omib=$(get ours_rss_mib)
  row "replay 1M events <= $REPLAY_MAX_S s" "${ow:-?} s" "$(verdict "$ow" '<=' $REPLAY_MAX_S)"
  row "replay 1M events <= $REPLAY_MAX_MIB MiB" "${omib:-?} MiB" "$(verdict "$omib" '<=' $REPLAY_MAX_MIB)"
  row "replay faster than DuckDB" "${ow:-?} s vs ${dw:-?} s" "$(verdict "$ow" '<=' "${dw:-0}")"
  hw=$(get headless_wall_s); hmib=$(get headless_rss_mib)
  row "replay --headless 1M events <= $REPLAY_MAX_S s" "${hw:-?} s" "$(verdict "$hw" '<=' $REPLAY_MAX_S)"
  row "replay --headless 1M events <= $REPLAY_MAX_MIB MiB" "${hmib:-?} MiB" "$(verdict "$hmib" '<=' $REPLAY_MAX_MIB)"
fi

printf '%-44s  %-28s  %s\n' budget measured verdict
for r in "${ROWS[@]}"; do
  IFS=$'\t' read -r b m v <<<"$r"
  printf '%-44s  %-28s  %s\n' "$b" "$m" "$v"
done
if [ $MISSED -gt 0 ]; then
  echo "$MISSED budget(s) missed or not measured; the end of each log:" >&2
  for f in "$LOGS"/*; do [ -s "$f" ] && { echo "--- $(basename "$f")" >&2; tail -5 "$f" >&2; }; done
  exit 1
fi
echo "every budget met"
