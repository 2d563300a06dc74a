#!/usr/bin/env bash
# The README's own commands, run as a reader would run them in bash: start
# the simulator with the README's `simulate` line, then run the POST and
# stats examples against it. Every block marked `<!-- readme-example: NAME -->`
# is taken verbatim from README.md; `journeytop` is the binary under test.
#
# usage: tests/e2e/readme_examples.sh [path/to/journeytop]
set -euo pipefail

BIN=$(realpath "${1:-target/release/journeytop}")
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release first)"; exit 2; }
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (the README's examples need it)"; exit 2; }
done
README=$(realpath "$(dirname "$0")/../../README.md")
work=$(mktemp -d)
sim=""
trap '[ -n "$sim" ] && kill "$sim" 2>/dev/null; rm -rf "$work"' EXIT

# The fenced block right after a `readme-example: NAME` marker.
block() {
  awk -v name="$1" '
    index($0, "<!-- readme-example: " name) == 1 { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }
  ' "$README"
}
mkdir -p "$work/bin" && ln -s "$BIN" "$work/bin/journeytop"
export PATH="$work/bin:$PATH"
# The README's commands take the default log file: keep it in the temp dir,
# never in the user's own ~/.local/state.
export XDG_STATE_HOME="$work/state"
cd "$work"

for name in simulate post stats; do
  [ -n "$(block "$name")" ] || { echo "FAIL: no '$name' example in the README"; exit 1; }
done

# 1. The simulator, as the README starts it (in the background here).
bash -c "$(block simulate)" > sim.out 2> sim.err &
sim=$!
for _ in $(seq 1 40); do
  [ -s journey.json ] && break
  sleep 0.25
done
[ -s journey.json ] || { echo "FAIL: simulate wrote no journey.json"; cat sim.err; exit 1; }
sleep 0.5
echo "ok: simulate"

# 2. The POST example and the stats example, in one bash as a reader pastes them.
if ! out=$(bash -e -c "$(block post)"$'\n'"$(block stats)" 2>&1); then
  echo "FAIL: the README's POST / stats examples failed:"; echo "$out"; exit 1
fi
echo "$out" | tail -1 | jq -e '.users >= 0' >/dev/null || { echo "FAIL: the stats example printed no stats: $out"; exit 1; }
echo "ok: POST join, POST like, stats"
echo "3 passed, 0 failed"
