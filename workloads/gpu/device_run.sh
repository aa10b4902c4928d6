#!/bin/bash
# Everything that needs a GPU, in one go (device time is scarce): builds the workloads, runs the
# CUDA workload at two sizes, the whole bench on that machine, and records compute-sanitizer's
# outputs on the CUDA exercise for the checker's fixtures. Run from the repository root:
#   workloads/gpu/device_run.sh OUTDIR       (writes OUTDIR/log.txt and OUTDIR/results.tar.gz)
set -u
out=${1:?usage: device_run.sh OUTDIR}
r=/tmp/device-results
rm -rf "$r"
mkdir -p "$out" "$r"
exec > >(tee "$out/log.txt") 2>&1

echo "== machine"
nvidia-smi -L; nproc; lscpu | sed -n 's/^Model name: *//p'; nvcc --version | tail -2
command -v compute-sanitizer gcc gnuplot

echo "== build"
make -C workloads O=/tmp/wl /tmp/wl/wl_gpu && make -C workloads O=/tmp/wl all

echo "== wl_gpu, default size (primes below 4e6, triad 3 x 512 MiB)"
/tmp/wl/wl_gpu --reps 5 | tee "$r/gpu-default.txt"
echo "exit $?"
echo "== wl_gpu, primes below 2e7"
/tmp/wl/wl_gpu --limit 20000000 --triad-mb 1024 --reps 5 | tee "$r/gpu-20M.txt"
echo "exit $?"

echo "== compute-sanitizer fixtures"
if [ -d exercises/22-cuda-reduction ]; then
	tests/fixtures/cuda/record.sh "$r/cuda"
	for f in "$r"/cuda/*.txt; do
		echo "--- ${f##*/}"
		head -c 3000 "$f"
		echo
	done
fi

echo "== make bench on this machine"
make -C workloads O=/tmp/wl BENCH_DIR="$r/bench" bench
echo "exit $?"

tar -C "$r" -czf "$out/results.tar.gz" .
ls -la "$out"
