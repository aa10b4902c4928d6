#!/bin/sh
# One kit/* CTest test: runs `racelab selftest` on one exercise and judges its output as well as its
# exit status, so that a self-test that says FAIL but exits 0 still fails the test. A skipped check
# (no CUDA device here) makes the test a skip (exit 77, the tests' SKIP_RETURN_CODE) with a
# `skipped: REASON` line, never a pass; a FAIL line always wins over a skip.
# Usage: run_kit.sh RACELAB SELFTEST-ARGS...
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>&1
rc=$?
cat "$out"
if [ "$rc" -ne 0 ]; then
	echo "run_kit: racelab selftest exited $rc"
	exit 1
fi
if grep -q '^FAIL ' "$out"; then
	echo "run_kit: a FAIL line although the self-test exited 0"
	exit 1
fi
# The closing line, and every owed check made.
last=$(grep '^selftest: ' "$out" | tail -1)
n='\([0-9]*\)'
counts=$(printf '%s\n' "$last" |
	sed -n "s/^selftest: $n passed, $n failed, $n skipped of $n expected checks\$/\\1 \\2 \\3 \\4/p")
if [ -z "$counts" ]; then
	echo "run_kit: no closing line 'selftest: P passed, F failed, S skipped of N expected checks'"
	exit 1
fi
set -- $counts
if [ "$2" -ne 0 ] || [ $(($1 + $3)) -ne "$4" ] || [ "$4" -eq 0 ]; then
	echo "run_kit: $1 passed + $3 skipped is not the $4 expected checks"
	exit 1
fi
if [ "$3" -gt 0 ]; then
	reasons=$(sed -n 's/^skip [^ ]* #[0-9]* [^:]*: //p' "$out" | sort -u | paste -sd ';' - |
		sed 's/;/; /g')
	echo "skipped: $reasons"
	exit 77
fi
exit 0
