#!/bin/bash
# The bench driver: runs every workload with repetitions, then writes OUTDIR/report.md (median and
# spread of each configuration, speedups against the serial run and the core count) and SVG plots
# of speedup vs workers with gnuplot. A workload that gets a wrong answer exits non-zero, and so
# does this script, loudly. Usage: bench.sh BINDIR OUTDIR
# Knobs (environment): BENCH_REPS (CPU and I/O repetitions, default 5), BENCH_CPU_LIMIT (default
# 4000000), BENCH_IO_SERVERS (20), BENCH_IO_DELAY_MS (20).
set -euo pipefail

bin=${1:?usage: bench.sh BINDIR OUTDIR}
out=${2:?usage: bench.sh BINDIR OUTDIR}
reps=${BENCH_REPS:-5}
cpu_limit=${BENCH_CPU_LIMIT:-4000000}
io_servers=${BENCH_IO_SERVERS:-20}
io_delay=${BENCH_IO_DELAY_MS:-20}
cores=$(nproc)
data="$out/data"
raw="$data/results.txt"
started=$(date +%s)

mkdir -p "$data"
: >"$raw"

# CPU worker counts: powers of two up to twice the cores, and the core count itself, so the plot
# shows the climb to the core count and the flat line past it.
cpu_workers=$(awk -v c="$cores" 'BEGIN { s = ""; for (w = 1; w <= 2 * c; w *= 2) {
    if (w > c && !done) { if (s !~ "(^|,)" c "(,|$)") s = s "," c; done = 1 }
    s = s (s == "" ? "" : ",") w } print s }')
# I/O worker counts are about waiting, not cores: the pool of ten the lesson uses, and one per
# server at the top.
io_workers="1,2,5,10,$io_servers"

say() { printf '\n== %s\n' "$*" >&2; }

# Runs one workload; its RESULT lines go to $raw, its progress lines to the terminal.
run() {
	local name=$1 rc=0
	shift
	"$@" | tee -a "$raw" | grep -v '^RESULT ' || rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ]; then
		printf '\nbench: FAILED: %s exited with status %d: a wrong answer or a crash (see above)\n' \
			"$name" "$rc" >&2
		exit 1
	fi
}

say "[1/4] CPU-bound: primes below $cpu_limit, modes serial threads processes gil openmp," \
	"workers $cpu_workers, $reps reps ($cores cores)"
run wl_cpu "$bin/wl_cpu" --limit "$cpu_limit" --workers "$cpu_workers" --reps "$reps"

say "[2/4] I/O-bound: $io_servers loopback servers answering after ${io_delay} ms, workers" \
	"$io_workers, $reps reps"
run wl_io "$bin/wl_io" --servers "$io_servers" --delay-ms "$io_delay" --workers "$io_workers" \
	--reps "$reps"

say "[3/4] Spawn cost: thread, fork, vfork, posix_spawn, fork+exec (then fork with 64 MiB touched)"
run wl_spawn "$bin/wl_spawn" --iterations 200 --reps "$reps"
run wl_spawn "$bin/wl_spawn" --iterations 40 --reps 3 --touch-mb 64 --modes fork,vfork,posix_spawn

say "[4/4] GPU"
gpu_note="the CUDA workload was not built (no nvcc found)"
: >"$data/gpu.txt"
if [ -x "$bin/wl_gpu" ]; then
	run wl_gpu "$bin/wl_gpu" --reps "$reps" >"$data/gpu.txt"
	cat "$data/gpu.txt" >&2
	gpu_note=$(grep -m1 -E '^(no CUDA device|DEVICE)' "$data/gpu.txt" || echo "no output")
else
	echo "$gpu_note" >&2
fi

# Median, min and max per (workload, mode, workers). One line each:
#   workload mode workers reps median min max
awk '$1 == "RESULT" { k = $2 " " $3 " " $4; n[k]++; v[k, n[k]] = $6 }
END {
	for (k in n) {
		m = n[k]
		for (i = 1; i <= m; i++) a[i] = v[k, i]
		for (i = 2; i <= m; i++) { x = a[i]; j = i - 1
			while (j >= 1 && a[j] > x) { a[j + 1] = a[j]; j-- } a[j + 1] = x }
		med = m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
		print k, m, med, a[1], a[m]
	}
}' "$raw" | awk '
	# Sort modes in the order the lessons tell them, not alphabetically.
	BEGIN { n = split("serial threads processes openmp gil pool epoll pool-gil " \
			"thread vfork fork posix_spawn fork+exec", o, " ")
		for (i = 1; i <= n; i++) rank[o[i]] = i }
	{ m = $2; big = sub(/@.*/, "", m); print $1, big, (m in rank ? rank[m] : 99), $0 }' |
	sort -k1,1 -k2,2n -k3,3n -k6,6n | cut -d' ' -f4- >"$data/summary.txt"

# The serial medians everything is compared with.
serial_of() { awk -v w="$1" '$1 == w && $2 == "serial" { print $5 }' "$data/summary.txt"; }
cpu_serial=$(serial_of cpu)
io_serial=$(serial_of io)

# One table, markdown, from summary lines of one workload. Speedups use the median; the range
# in brackets is the speedup from the slowest and the fastest run.
speed_table() {
	local workload=$1 base=$2 ideal_cap=$3
	echo "| mode | workers | runs | median (s) | min - max (s) | speedup vs serial | ideal |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	awk -v w="$workload" -v b="$base" -v cap="$ideal_cap" '$1 == w {
		ideal = $2 == "gil" || $2 == "serial" ? 1 : ($3 < cap ? $3 : cap)
		printf "| %s | %d | %d | %.4f | %.4f - %.4f | %.2fx (%.2f - %.2f) | %dx |\n",
			$2, $3, $4, $5, $6, $7, b / $5, b / $7, b / $6, ideal }' "$data/summary.txt"
}

# Plot data: one file per mode, "workers speedup low high".
for wl in cpu io; do
	base=$([ "$wl" = cpu ] && echo "$cpu_serial" || echo "$io_serial")
	for mode in $(awk -v w="$wl" '$1 == w { print $2 }' "$data/summary.txt" | sort -u); do
		awk -v w="$wl" -v m="$mode" -v b="$base" '$1 == w && $2 == m {
			print $3, b / $5, b / $7, b / $6 }' "$data/summary.txt" >"$data/$wl-$mode.dat"
	done
done

plots=""
if command -v gnuplot >/dev/null; then
	plot_list() {
		local wl=$1 list="" f mode
		for f in "$data/$wl"-*.dat; do
			mode=${f##*/$wl-}
			mode=${mode%.dat}
			[ "$mode" = serial ] && continue
			list="$list'$f' using 1:2:3:4 with yerrorlines lw 2 title '$mode', "
		done
		echo "$list"
	}
	gnuplot <<-GP
		set terminal svg size 760,480 dynamic enhanced font 'sans,12' background '#ffffff'
		set grid
		set key left top
		set xlabel 'workers'
		set ylabel 'speedup vs serial (median, bars: fastest and slowest run)'
		set output '$out/cpu-speedup.svg'
		set title 'CPU-bound prime count on $cores cores: speedup vs workers'
		set xrange [0.8:*]
		set yrange [0:*]
		plot $(plot_list cpu) (x < $cores ? x : $cores) with lines dt 2 lc 'gray' title 'ideal: min(workers, cores)'
		set output '$out/io-speedup.svg'
		set title 'I/O-bound connectivity check ($io_servers servers, ${io_delay} ms each): speedup vs workers'
		set logscale x 2
		set logscale y 2
		set yrange [0.5:*]
		plot $(plot_list io) (x < $io_servers ? x : $io_servers) with lines dt 2 lc 'gray' title 'ideal: min(workers, servers)'
	GP
	awk '$1 == "spawn" { printf "\"%s\" %.3f\n", $2, $5 * 1e6 }' "$data/summary.txt" \
		>"$data/spawn.dat"
	gnuplot <<-GP
		set terminal svg size 760,480 dynamic enhanced font 'sans,12' background '#ffffff'
		set output '$out/spawn-cost.svg'
		set title 'Cost to start and reap one thread or process (median)'
		set style fill solid 0.6
		set boxwidth 0.6
		set logscale y 10
		set ylabel 'microseconds per operation (log scale)'
		set xtics rotate by -30
		set grid ytics
		plot '$data/spawn.dat' using 0:2:xtic(1) with boxes notitle
	GP
	plots="cpu-speedup.svg io-speedup.svg spawn-cost.svg"
else
	echo "bench: gnuplot not found: no plots (apt-get install gnuplot-nox)" >&2
fi

# The claims the lessons make, checked against this run. Timing claims are reported, not
# enforced: a busy machine makes them noisy, and only a wrong answer fails the bench.
med() { awk -v w="$1" -v m="$2" -v k="$3" '$1 == w && $2 == m && $3 == k { print $5 }' \
	"$data/summary.txt"; }
claim() { # text target measured verdict-expression
	local ok
	ok=$(awk "BEGIN { print ($4) ? \"yes\" : \"NO\" }")
	echo "| $1 | $2 | $3 | $ok |"
}
cw=$cores
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print 0; else printf "%.2f", a / b }'; }
thr=$(ratio "$cpu_serial" "$(med cpu threads "$cw")")
prc=$(ratio "$cpu_serial" "$(med cpu processes "$cw")")
omp=$(ratio "$cpu_serial" "$(med cpu openmp "$cw")")
gil=$(ratio "$(med cpu gil "$cw")" "$cpu_serial")
pool=$(ratio "$io_serial" "$(med io pool 10)")
evl=$(ratio "$(med io epoll 10)" "$(med io pool 10)")
pgil=$(ratio "$(med io pool-gil 10)" "$(med io pool 10)")
target=$(awk -v c="$cores" 'BEGIN { printf "%.1f", 0.9 * c }')

finished=$(date +%s)
{
	echo "# racelab bench report"
	echo
	echo "Machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $cores cores" \
		"($(uname -srm)); $(gcc --version | head -1)."
	echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), $reps repetitions, $((finished - started)) s," \
		"load average at the start $(cut -d' ' -f1-3 /proc/loadavg)."
	echo "Every run's answer was checked (against the serial count, or against what the servers"
	echo "must have answered); a wrong one would have stopped the bench."
	echo
	echo "## What the lessons claim, measured"
	echo
	echo "| claim | target | measured | met |"
	echo "|---|---|---|---|"
	claim "CPU-bound: threads use every core ($cw workers)" ">= ${target}x serial" "${thr}x" "$thr >= $target"
	claim "CPU-bound: so do processes ($cw workers)" ">= ${target}x serial" "${prc}x" "$prc >= $target"
	claim "CPU-bound: so does OpenMP ($cw workers)" ">= ${target}x serial" "${omp}x" "$omp >= $target"
	claim "CPU-bound: a GIL serialises threads ($cw workers)" "time 0.9x - 1.2x serial" "${gil}x serial time" "$gil >= 0.9 && $gil <= 1.2"
	claim "I/O-bound: 10 worker threads overlap the waits" ">= 8x serial" "${pool}x" "$pool >= 8"
	claim "I/O-bound: one thread with epoll matches the pool (10 in flight)" "time within 20% of the pool" "${evl}x pool time" "$evl >= 0.8 && $evl <= 1.2"
	claim "I/O-bound: a GIL around the compute part only costs little (10 workers)" "time within 20% of the pool" "${pgil}x pool time" "$pgil >= 0.8 && $pgil <= 1.2"
	echo
	echo "## CPU-bound: primes below $cpu_limit"
	echo
	echo "Ideal speedup is min(workers, cores) = min(workers, $cores); the GIL's ideal is 1."
	echo
	speed_table cpu "$cpu_serial" "$cores"
	echo
	echo "## I/O-bound: $io_servers loopback servers, ${io_delay} ms delay each"
	echo
	echo "Workers are threads (pool, pool-gil), processes, or connections in flight (epoll);"
	echo "threads is one thread per server. The ideal is min(workers, servers): waiting needs no core."
	echo
	speed_table io "$io_serial" "$io_servers"
	echo
	echo "## Spawn cost: start and reap one, per operation"
	echo
	echo "| operation | median (us) | min - max (us) | vs pthread_create+join |"
	echo "|---|---:|---:|---:|"
	thread_us=$(awk '$1 == "spawn" && $2 == "thread" { print $5 }' "$data/summary.txt")
	awk -v t="$thread_us" '$1 == "spawn" { printf "| %s | %.1f | %.1f - %.1f | %.1fx |\n",
		$2, $5 * 1e6, $6 * 1e6, $7 * 1e6, $5 / t }' "$data/summary.txt"
	echo
	echo "fork copies the page tables of every mapped page, so its cost grows with the parent's"
	echo "memory (the @64MiB rows); vfork and posix_spawn share the parent's memory until exec."
	echo
	echo "## GPU"
	echo
	if grep -q '^DEVICE' "$data/gpu.txt"; then
		echo "$gpu_note"
		echo
		echo "| kernel | median | best | check |"
		echo "|---|---:|---:|---|"
		awk '$1 == "gpu" && $2 == "cpu-serial" { printf "| prime count, one CPU core | %.4f s | %.4f s | reference |\n", $5, $6 }
			$1 == "gpu" && $2 == "cuda-primes" { printf "| prime count, CUDA | %.6f s | %.6f s | same count as the CPU |\n", $5, $6 }' \
			"$data/summary.txt"
		echo
		grep '^BANDWIDTH' "$data/gpu.txt" | sed 's/^BANDWIDTH /Memory-bound: /'
	else
		echo "$gpu_note"
	fi
	echo
	if [ -n "$plots" ]; then
		echo "## Plots"
		echo
		for p in $plots; do echo "![${p%.svg}]($p)"; echo; done
	fi
	echo "Raw results: data/results.txt (one RESULT line per run); medians: data/summary.txt."
} >"$out/report.md"

printf '\n== done in %d s: %s\n' "$((finished - started))" "$out/report.md" >&2
sed -n '/^## What the lessons claim/,/^## CPU-bound/p' "$out/report.md" | sed '$d' >&2
