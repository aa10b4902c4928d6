#!/bin/bash
# The bench driver: runs every workload with repetitions, then writes OUTDIR/report.md (median and
# spread of each configuration, speedups against the serial run and the core count) and SVG plots
# of speedup vs workers with gnuplot. A workload that gets a wrong answer exits non-zero, and so
# does this script, loudly. Usage: bench.sh BINDIR OUTDIR
# Knobs (environment): BENCH_REPS (CPU and I/O repetitions, default 7), BENCH_CPU_LIMIT (default
# 4000000), BENCH_IO_SERVERS (20), BENCH_IO_DELAY_MS (20); BENCH_SMALL=1 shrinks everything to a
# few seconds, to test this driver (tests/workloads/tests.cmake), not to measure anything;
# BENCH_FAULT=MODE plants a wrong answer in that CPU and I/O mode, to prove the bench then fails.
set -euo pipefail

bin=${1:?usage: bench.sh BINDIR OUTDIR}
out=${2:?usage: bench.sh BINDIR OUTDIR}
if [ -n "${BENCH_SMALL:-}" ]; then
	small=(1 100000 4 2 5 3 8 "--limit 100000 --triad-mb 16")
else
	small=(7 4000000 20 20 200 40 64 "")
fi
reps=${BENCH_REPS:-${small[0]}}
cpu_limit=${BENCH_CPU_LIMIT:-${small[1]}}
io_servers=${BENCH_IO_SERVERS:-${small[2]}}
io_delay=${BENCH_IO_DELAY_MS:-${small[3]}}
spawn_iterations=${small[4]}
fork_iterations=${small[5]}
touch_mb=${small[6]}
gpu_args=${small[7]}
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

# Speedups measure the cores we get, not the cores the machine has: warn when others are busy.
load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" -v c="$cores" 'BEGIN { exit !(l > c / 2) }'; then
	printf 'bench: the machine is busy (load average %s on %s cores): CPU speedups will be
' \
		"$load" "$cores" >&2
	printf 'bench: lower than the cores allow; the report says how many cores each run got.
' >&2
fi

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

say "[1/4] CPU-bound: primes below $cpu_limit, modes serial threads processes openmp gil" \
	"(switch interval 5000, 1000, 200 us), workers $cpu_workers, $reps reps ($cores cores)"
fault=${BENCH_FAULT:+--fault=$BENCH_FAULT}
# shellcheck disable=SC2086 # $fault is empty or one word
run wl_cpu "$bin/wl_cpu" --limit "$cpu_limit" --workers "$cpu_workers" --reps "$reps" \
	--interval-us 5000,1000,200 $fault

say "[2/4] I/O-bound: $io_servers loopback servers answering after ${io_delay} ms, workers" \
	"$io_workers, $reps reps"
# shellcheck disable=SC2086
run wl_io "$bin/wl_io" --servers "$io_servers" --delay-ms "$io_delay" --workers "$io_workers" \
	--reps "$reps" $fault

say "[3/4] Spawn cost: thread, vfork, fork, posix_spawn, fork+exec; then with $touch_mb MiB touched"
run wl_spawn "$bin/wl_spawn" --iterations "$spawn_iterations" --reps "$reps"
run wl_spawn "$bin/wl_spawn" --iterations "$fork_iterations" --reps 3 --touch-mb "$touch_mb" \
	--modes vfork,fork,posix_spawn

say "[4/4] GPU"
gpu_note="the CUDA workload was not built (no nvcc found)"
: >"$data/gpu.txt"
if [ -x "$bin/wl_gpu" ]; then
	# shellcheck disable=SC2086 # gpu_args is a list of words on purpose
	run wl_gpu "$bin/wl_gpu" --reps "$reps" $gpu_args >"$data/gpu.txt"
	cat "$data/gpu.txt" >&2
	gpu_note=$(grep -m1 -E '^(no CUDA device|DEVICE)' "$data/gpu.txt" || echo "no output")
else
	echo "$gpu_note" >&2
fi

# Median, min and max per (workload, mode, workers), and the median number of cores the runs
# kept busy (CPU time / wall time; "-" where not measured). One line each:
#   workload mode workers reps median min max cores
awk 'function median(a, m,    i, j, x) {
		for (i = 2; i <= m; i++) { x = a[i]; j = i - 1
			while (j >= 1 && a[j] > x) { a[j + 1] = a[j]; j-- } a[j + 1] = x }
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	$1 == "RESULT" { k = $2 " " $3 " " $4; n[k]++; v[k, n[k]] = $6
		if ($9 != "-" && $6 > 0) { nc[k]++; c[k, nc[k]] = $9 / $6 } }
END {
	for (k in n) {
		m = n[k]
		for (i = 1; i <= m; i++) a[i] = v[k, i]
		med = median(a, m)
		lo = a[1]; hi = a[m]
		cores = "-"
		if (nc[k] > 0) {
			for (i = 1; i <= nc[k]; i++) b[i] = c[k, i]
			cores = sprintf("%.2f", median(b, nc[k]))
		}
		print k, m, med, lo, hi, cores
	}
}' "$raw" | awk '
	# Sort modes in the order the lessons tell them, not alphabetically.
	BEGIN { n = split("serial threads processes openmp gil gil@1000us gil@200us " \
			"pool epoll pool-gil " \
			"thread vfork fork posix_spawn fork+exec cpu-serial cuda-primes d2d-copy triad", o, " ")
		for (i = 1; i <= n; i++) rank[o[i]] = i }
	{ m = $2; big = 0; if (!(m in rank)) big = sub(/@.*/, "", m)
	  print $1, big, (m in rank ? rank[m] : 99), $0 }' |
	sort -k1,1 -k2,2n -k3,3n -k6,6n | cut -d' ' -f4- >"$data/summary.txt"

# The serial medians everything is compared with.
serial_of() { awk -v w="$1" '$1 == w && $2 == "serial" { print $5 }' "$data/summary.txt"; }
cpu_serial=$(serial_of cpu)
io_serial=$(serial_of io)

# One table, markdown, from summary lines of one workload. Speedups use the median; the range
# in brackets is the speedup from the slowest and the fastest run.
speed_table() {
	local workload=$1 base=$2 ideal_cap=$3
	echo "| mode | workers | runs | median (s) | min - max (s) | speedup vs serial |" \
		"ideal | cores busy |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	awk -v w="$workload" -v b="$base" -v cap="$ideal_cap" '$1 == w {
		ideal = $2 ~ /^gil/ || $2 == "serial" ? 1 : ($3 < cap ? $3 : cap)
		printf "| %s | %d | %d | %.4f | %.4f - %.4f | %.2fx (%.2f - %.2f) | %dx | %s |\n",
			$2, $3, $4, $5, $6, $7, b / $5, b / $7, b / $6, ideal, $8 }' "$data/summary.txt"
}

# Plot data: one file per mode, "workers speedup low high".
for wl in cpu io; do
	base=$([ "$wl" = cpu ] && echo "$cpu_serial" || echo "$io_serial")
	# Mode names are single words (no blanks), so word splitting is what we want here.
	# shellcheck disable=SC2013
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
			mode=${f##*/"$wl"-}
			mode=${mode%.dat}
			[ "$mode" = serial ] && continue
			list="$list'$f' using 1:2:3:4 with yerrorlines lw 2 title '$mode', "
		done
		echo "$list"
	}
	gnuplot <<-GP
		set terminal svg size 760,480 dynamic noenhanced font 'sans,12' background '#ffffff'
		set grid
		set key outside right top
		set xlabel 'workers'
		set ylabel 'speedup vs serial (median, bars: fastest and slowest run)'
		set output '$out/cpu-speedup.svg'
		set title 'CPU-bound prime count on $cores cores: speedup vs workers'
		set xrange [0.8:*]
		set yrange [0:*]
		set offsets 0, 0, graph 0.1, 0
		plot $(plot_list cpu) (x < $cores ? x : $cores) with lines dt 2 lc 'gray' \
			title 'ideal: min(workers, cores)'
		set output '$out/io-speedup.svg'
		set title 'I/O-bound check of $io_servers servers (${io_delay} ms each): speedup vs workers'
		set logscale x 2
		set logscale y 2
		set yrange [0.5:*]
		plot $(plot_list io) (x < $io_servers ? x : $io_servers) with lines dt 2 lc 'gray' \
			title 'ideal: min(workers, servers)'
	GP
	awk '$1 == "spawn" { printf "\"%s\" %.3f\n", $2, $5 * 1e6 }' "$data/summary.txt" \
		>"$data/spawn.dat"
	gnuplot <<-GP
		set terminal svg size 960,480 dynamic noenhanced font 'sans,12' background '#ffffff'
		set output '$out/spawn-cost.svg'
		set title 'Cost to start and reap one thread or process (median)'
		set style fill solid 0.6
		set boxwidth 0.6
		set logscale y 10
		set ylabel 'microseconds per operation (log scale)'
		set xtics font ',10' 
		set grid ytics
		plot '$data/spawn.dat' using 0:2:xtic(1) with boxes notitle
	GP
	plots="cpu-speedup.svg io-speedup.svg spawn-cost.svg"
else
	echo "bench: gnuplot not found: no plots (apt-get install gnuplot-nox)" >&2
fi

# The claims the lessons make, checked against this run, on the medians. Timing claims are
# reported, not enforced: on a machine shared with other work they are noisy, and only a wrong
# answer fails the bench. The fastest run is shown beside the median because it is the run
# least disturbed by other load.
stat() { # workload mode workers column(5 median, 6 min)
	awk -v w="$1" -v m="$2" -v k="$3" -v c="$4" '$1 == w && $2 == m && $3 == k { print $c }' \
		"$data/summary.txt"
}
ratio() { # a b: a / b with two decimals, 0 when either is missing
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print 0; else printf "%.2f", a / b }'
}
claim() { # text target kind(speedup|time) median best low high
	local ok unit
	ok=$(awk -v v="$4" -v lo="$6" -v hi="$7" 'BEGIN { print (v >= lo && v <= hi) ? "yes" : "NO" }')
	unit=$([ "$3" = speedup ] && echo "x" || echo "x time")
	echo "| $1 | $2 | $4$unit | $5$unit | $ok |"
}
speedup_claim() { # text workload base_mode base_workers mode workers low
	local b m bb mb
	b=$(stat "$2" "$3" "$4" 5) m=$(stat "$2" "$5" "$6" 5)
	bb=$(stat "$2" "$3" "$4" 6) mb=$(stat "$2" "$5" "$6" 6)
	claim "$1" ">= ${7}x $3" speedup "$(ratio "$b" "$m")" "$(ratio "$bb" "$mb")" "$7" 1e9
}
time_claim() { # text workload base_mode base_workers mode workers low high
	local b m bb mb
	b=$(stat "$2" "$3" "$4" 5) m=$(stat "$2" "$5" "$6" 5)
	bb=$(stat "$2" "$3" "$4" 6) mb=$(stat "$2" "$5" "$6" 6)
	claim "$1" "time ${7}x - ${8}x $3" time "$(ratio "$m" "$b")" "$(ratio "$mb" "$bb")" "$7" "$8"
}
target=$(awk -v c="$cores" 'BEGIN { printf "%.1f", 0.9 * c }')
claims() {
	echo "| claim | target | median | best run | met (median) |"
	echo "|---|---|---:|---:|---|"
	speedup_claim "CPU-bound: threads use every core ($cores workers)" cpu serial 1 \
		threads "$cores" "$target"
	speedup_claim "CPU-bound: so do processes ($cores workers)" cpu serial 1 \
		processes "$cores" "$target"
	speedup_claim "CPU-bound: so does OpenMP ($cores workers)" cpu serial 1 openmp "$cores" "$target"
	time_claim "CPU-bound: a GIL serialises threads ($cores workers)" cpu serial 1 gil "$cores" 0.9 1.2
	speedup_claim "I/O-bound: 10 worker threads overlap the waits" io serial 1 pool 10 8
	time_claim "I/O-bound: one thread with epoll keeps up with 10 threads (10 in flight)" \
		io pool 10 epoll 10 0.8 1.2
	time_claim "I/O-bound: a GIL around the compute part only costs little (10 workers)" \
		io pool 10 pool-gil 10 0.8 1.2
}

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
	# A serial run alone should keep one core busy. If it got much less, other programs were
	# using the cores, and every speedup below measures them as much as us: say so up front.
	serial_cores=$(stat cpu serial 1 8)
	if awk -v c="$serial_cores" 'BEGIN { exit !(c != "-" && c < 0.9) }'; then
		echo "**The machine was busy during this run:** the serial CPU runs kept only"
		echo "$serial_cores of a core busy (an idle machine gives 1.00), so other programs took"
		echo "cores from every mode. Rerun \`make bench\` on a quiet machine before trusting the"
		echo "CPU speedups."
		echo
	fi
	claims
	echo
	echo "## CPU-bound: primes below $cpu_limit"
	echo
	echo "Ideal speedup is min(workers, cores) = min(workers, $cores); the GIL's ideal is 1."
	echo "Cores busy is CPU time over wall time (median): below the worker count when other"
	echo "programs took the cores, or when the threads waited for the GIL instead of computing."
	echo "gil uses the toy GIL's default switch interval (5 ms, as CPython); gil@1000us and"
	echo "gil@200us switch more often and pay for each forced handover."
	echo
	speed_table cpu "$cpu_serial" "$cores"
	echo
	echo "## I/O-bound: $io_servers loopback servers, ${io_delay} ms delay each"
	echo
	echo "Workers are threads (pool, pool-gil), processes, or connections in flight (epoll);"
	echo "threads is one thread per server. The ideal is min(workers, servers): waiting needs no core,"
	echo "as the cores-busy column shows."
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
	echo "memory (the @${touch_mb}MiB rows); vfork and posix_spawn share the parent's memory"
	echo "until exec."
	echo
	echo "## GPU"
	echo
	if grep -q '^DEVICE' "$data/gpu.txt"; then
		echo "$gpu_note"
		echo
		echo "| kernel | median | fastest | note |"
		echo "|---|---:|---:|---|"
		awk '$1 == "gpu" && $2 == "cpu-serial" { cpu = $5
				printf "| prime count, one CPU core | %.4f s | %.4f s | the reference count |\n", $5, $6 }
			$1 == "gpu" && $2 == "cuda-primes" {
				printf "| prime count, CUDA | %.6f s | %.6f s | same count; %.0fx one core |\n",
					$5, $6, cpu / $5 }
			$1 == "gpu" && $2 == "d2d-copy" {
				printf "| cudaMemcpy device to device | %.6f s | %.6f s | the measured ceiling |\n", $5, $6 }
			$1 == "gpu" && $2 == "triad" {
				printf "| stream triad | %.6f s | %.6f s | every element checked |\n", $5, $6 }' \
			"$data/summary.txt"
		echo
		grep '^BANDWIDTH' "$data/gpu.txt" | sed 's/^BANDWIDTH /Memory-bound, best of each: /'
		echo "(bytes read plus bytes written, per second)."
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
