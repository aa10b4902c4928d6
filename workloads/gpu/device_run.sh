#!/bin/bash
# Everything that needs the device machine, in one go (device time is scarce): builds the
# workloads, runs the CUDA workload, records compute-sanitizer's outputs on the CUDA exercise for
# the checker's fixtures, and benches the CPU and Python workloads on that machine's many cores.
# Run from the repository root:
#   workloads/gpu/device_run.sh OUTDIR
# It writes OUTDIR/log.txt, OUTDIR/machine.txt, one OUTDIR/bench-PART/ per bench part (report.md,
# plots, data/), and OUTDIR/results.tar.gz with all of it. Each bench part is a bench of its own,
# so that a run cut short by its time limit still leaves every part that finished.
# Knobs (environment): DEVICE_STEPS (default "gpu fixtures bench"), DEVICE_BENCH_PARTS (default
# "cpu py io spawn gpu"), and any of bench.sh's BENCH_* settings, which pass through. Works with
# or without nvcc and a GPU: the CUDA steps then say so and the CPU steps still run. DEVICE_BIN
# (/tmp/wl) and DEVICE_TMP (/tmp/device-results) say where binaries and scratch results go.
set -u
out=${1:?usage: device_run.sh OUTDIR}
steps=" ${DEVICE_STEPS:-gpu fixtures bench} "
bench_parts=${DEVICE_BENCH_PARTS:-cpu py io spawn gpu}
r=${DEVICE_TMP:-/tmp/device-results}
bin=${DEVICE_BIN:-/tmp/wl}
rm -rf "$r"
mkdir -p "$out" "$r"
exec > >(tee "$out/log.txt") 2>&1
step() { case $steps in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
nvcc=$(command -v nvcc || ls /usr/local/cuda/bin/nvcc 2>/dev/null)

echo "== machine"
{
	date -u '+%Y-%m-%d %H:%M UTC'
	workloads/machine.sh
	echo "nproc $(nproc); $(grep -c ^processor /proc/cpuinfo) CPUs online"
	echo "sibling lists: $(sort -u /sys/devices/system/cpu/cpu*/topology/thread_siblings_list |
		tr '\n' ' ')"
	if command -v nvidia-smi >/dev/null; then nvidia-smi -L; else echo "no nvidia-smi"; fi
	if [ -n "$nvcc" ]; then "$nvcc" --version | tail -2; else echo "no nvcc"; fi
	gcc --version | head -1
	for p in python3 python3.13t python3.14t; do
		if command -v "$p" >/dev/null; then "$p" workloads/python/wl_py.py info
		else echo "$p: not installed"; fi
	done
	echo "gnuplot: $(command -v gnuplot || echo 'not installed (no plots)')"
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

echo "== build"
make -C workloads O="$bin" all || { echo "build failed"; exit 1; }
ls "$bin"

if step gpu; then
	echo "== wl_gpu, default size (primes below 4e6, triad 3 x 512 MiB)"
	if [ -x "$bin/wl_gpu" ]; then
		"$bin/wl_gpu" --reps 5 | tee "$r/gpu-default.txt"
		echo "exit ${PIPESTATUS[0]}"
	else
		echo "no wl_gpu: nvcc was not found, so the CUDA workload was not built"
	fi
fi

if step fixtures; then
	echo "== compute-sanitizer fixtures"
	if [ -d exercises/22-cuda-reduction ] && [ -x tests/fixtures/cuda/record.sh ] &&
		command -v compute-sanitizer >/dev/null; then
		tests/fixtures/cuda/record.sh "$r/cuda"
		for f in "$r"/cuda/*.txt; do
			echo "--- ${f##*/}"
			head -c 3000 "$f"
			echo
		done
	else
		echo "skipped: needs exercises/22-cuda-reduction, tests/fixtures/cuda/record.sh and" \
			"compute-sanitizer"
	fi
fi

if step bench; then
	for part in $bench_parts; do
		echo "== bench: $part on $(nproc) CPUs"
		BENCH_PARTS=$part workloads/bench.sh "$bin" "$out/bench-$part"
		echo "exit $?"
		# The report's tables, in the log too: the log is what a reader sees first.
		[ -f "$out/bench-$part/report.md" ] && sed -n '/^## What the lessons claim/,$p' \
			"$out/bench-$part/report.md"
	done
fi

cp -r "$out"/bench-* "$r"/ 2>/dev/null
tar -C "$r" -czf "$out/results.tar.gz" .
ls -la "$out"
