#!/bin/sh
# A planted wrong answer (BENCH_FAULT) must stop the bench with status 1 and say so.
# Usage: bench_fails.sh BENCH_SH BINDIR OUTDIR
out=$(BENCH_SMALL=1 BENCH_FAULT=threads "$1" "$2" "$3" 2>&1)
rc=$?
printf '%s\n' "$out" | tail -5
if [ "$rc" -ne 1 ]; then
	echo "expected exit status 1 from the bench, got $rc"
	exit 1
fi
if ! printf '%s\n' "$out" | grep -q 'bench: FAILED: wl_cpu'; then
	echo "the bench did not say which workload failed"
	exit 1
fi
echo "bench failed as it must"
