#!/bin/sh
# One unit/* CTest test: runs a CMocka program and reports a test it skipped (CMocka's skip(): no
# TSan, no libarcher, no pids cgroup here) as a CTest skip, exit 77 (the SKIP_RETURN_CODE), with a
# `skipped: REASON` line, so that the summary shows what was never exercised. A failure wins over a
# skip; a skip must say why (a line `skipped: REASON` printed before skip()).
# Usage: run_unit.sh PROGRAM
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>&1
rc=$?
cat "$out"
if [ "$rc" -ne 0 ]; then
	[ "$rc" -ne 77 ] || rc=1
	exit "$rc"
fi
n=$(grep '^\[  SKIPPED \] test_' "$out" | sort -u | wc -l)
[ "$n" -gt 0 ] || exit 0
reasons=$(sed -n 's/^ *skipped: //p' "$out" | sort -u | paste -sd ';' - | sed 's/;/; /g')
if [ -z "$reasons" ]; then
	echo "run_unit: $n test(s) skipped without a 'skipped: REASON' line"
	exit 1
fi
echo "run_unit: $n test(s) skipped"
echo "skipped: $reasons"
exit 77
