#!/bin/sh
# Runs each workload once in a tiny configuration; fails on any wrong answer. Correctness only:
# nothing here looks at a time. Usage: smoke.sh BINDIR
set -eu
bin=${1:?usage: smoke.sh BINDIR}

"$bin/wl_cpu" --limit 200000 --workers 1,3 --reps 1 --chunk 1000 --interval-us 200 >/dev/null
"$bin/wl_io" --servers 6 --delay-ms 5 --rounds 1000 --workers 1,4 --reps 1 >/dev/null
"$bin/wl_spawn" --iterations 5 --reps 1 >/dev/null
py=$(dirname "$0")/python/wl_py.py
if command -v python3 >/dev/null; then
	python3 "$py" cpu --limit 20000 --workers 1,3 --reps 1 >/dev/null
	python3 "$py" io --requests 6 --delay-ms 5 --workers 1,4 --reps 1 >/dev/null
	python3 "$py" start --iterations 2 --reps 1 >/dev/null
else
	echo "workloads smoke: python3 not found: the Python workload was skipped"
fi
if [ -x "$bin/wl_gpu" ]; then
	# Prints "no CUDA device: CPU results only" and exits 0 on a machine without a GPU.
	"$bin/wl_gpu" --limit 200000 --triad-mb 16 --reps 1
fi
echo "workloads smoke: ok"
