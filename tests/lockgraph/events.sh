#!/bin/sh
# The tracer's event log stays bounded: a program that takes 1.6 million locks writes at most the
# first 8192 and the last 8192 events, says how many there were, and counts each thread's totals;
# a small program's log has every kind of event the timeline draws, with call sites.
# Usage: tests/lockgraph/events.sh BUILD_DIR
set -eu
B=$(cd "$1" && pwd)
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
fail() { echo "events: $*"; exit 1; }

RACELAB_LOCKGRAPH_OUT="$OUT" LD_PRELOAD="$B/liblockgraph.so" "$B/tests/lockgraph/lg_lockbench" \
	4 400000 0 >/dev/null
total=$(sed -n 's/^evinfo total=\([0-9]*\) kept=[0-9]*$/\1/p' "$OUT")
kept=$(sed -n 's/^evinfo total=[0-9]* kept=\([0-9]*\)$/\1/p' "$OUT")
lines=$(grep -c '^ev ' "$OUT")
[ -n "$total" ] || fail "no evinfo record"
[ "$total" -ge 3200000 ] || fail "only $total events counted for 1.6M lock/unlock pairs"
[ "$kept" -le 16384 ] || fail "kept $kept events (at most 16384)"
[ "$lines" -le "$kept" ] && [ "$lines" -ge 8192 ] || fail "$lines ev records for kept=$kept"
[ "$(stat -c %s "$OUT")" -lt 2000000 ] || fail "the trace is $(stat -c %s "$OUT") bytes"
acq=$(awk '$1 == "evcount" { split($4, a, "="); s += a[2] } END { print s + 0 }' "$OUT")
[ "$acq" -ge 1600000 ] || fail "evcount says $acq acquisitions"
grep -q '^fini$' "$OUT" || fail "no fini after the events"

: >"$OUT"
RACELAB_LOCKGRAPH_OUT="$OUT" LD_PRELOAD="$B/liblockgraph.so" "$B/tests/lockgraph/lg_wrappers" \
	>/dev/null 2>&1 || true
for kind in start exit create wait wake acq rel signal broadcast post block unblock; do
	grep -q "^ev [0-9]* [0-9]* [mainT0-9]* $kind " "$OUT" || fail "no $kind event"
done
grep -q '^ev [0-9]* [0-9]* [mainT0-9]* acq L[0-9]* [0-9]* [0-9a-f]*$' "$OUT" ||
	fail "no acq event with an object and a call site"
echo "events: ok ($total events, $kept kept)"
