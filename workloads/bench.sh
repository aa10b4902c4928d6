#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# The bench driver: runs every workload with repetitions, then writes OUTDIR/report.md (median and
# spread of each configuration, speedups against the serial run and the core count) and SVG plots
# of speedup vs workers with gnuplot. A workload that gets a wrong answer exits non-zero, and so
# does this script, loudly. Usage: bench.sh BINDIR OUTDIR
# Knobs (environment): BENCH_REPS (CPU and I/O repetitions, default 7), BENCH_CPU_LIMIT (default
# 4000000), BENCH_IO_SERVERS (20), BENCH_IO_DELAY_MS (20), BENCH_GIL_INTERVALS (the toy GIL's
# switch intervals, default 5000,1000,200), BENCH_PY_LIMIT (the Python prime count, 500000),
# BENCH_PYTHON (python3), BENCH_PARTS (which parts run, default "cpu io spawn gpu py"),
# BENCH_CPU_MODES (wl_cpu's --modes, default all of them);
# BENCH_SMALL=1 shrinks everything to a few seconds, to test this driver
# (tests/workloads/tests.cmake), not to measure anything; BENCH_FAULT=MODE plants a wrong answer
# in that CPU, I/O and Python mode, to prove the bench then fails.
set -euo pipefail

bin=${1:?usage: bench.sh BINDIR OUTDIR}
out=${2:?usage: bench.sh BINDIR OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${BENCH_SMALL:-}" ]; then
	small=(1 100000 4 2 5 3 8 "--limit 100000 --triad-mb 16" 20000 4 2)
else
	small=(7 4000000 20 20 200 40 64 "" 500000 40 20)
fi
reps=${BENCH_REPS:-${small[0]}}
cpu_limit=${BENCH_CPU_LIMIT:-${small[1]}}
io_servers=${BENCH_IO_SERVERS:-${small[2]}}
io_delay=${BENCH_IO_DELAY_MS:-${small[3]}}
spawn_iterations=${small[4]}
fork_iterations=${small[5]}
touch_mb=${small[6]}
gpu_args=${small[7]}
py_limit=${BENCH_PY_LIMIT:-${small[8]}}
py_requests=${small[9]}
py_start_iterations=${small[10]}
gil_intervals=${BENCH_GIL_INTERVALS:-5000,1000,200}
cpu_modes=${BENCH_CPU_MODES:+--modes=$BENCH_CPU_MODES}
parts=" ${BENCH_PARTS:-cpu io spawn gpu py} "
python=${BENCH_PYTHON:-python3}
cores=$(nproc)
machine=$("$here/machine.sh")
physical=$("$here/machine.sh" cores)
smt=$("$here/machine.sh" smt)
data="$out/data"
raw="$data/results.txt"
started=$(date +%s)

mkdir -p "$data"
: >"$raw"
rm -f "$out"/*.svg "$out/report.md" # a part that does not run this time leaves no stale plot

# CPU worker counts: powers of two up to twice the cores, and the core count itself, so the plot
# shows the climb to the core count and the flat line past it.
cpu_workers=$(awk -v c="$cores" 'BEGIN { s = ""; for (w = 1; w <= 2 * c; w *= 2) {
    if (w > c && !done) { if (s !~ "(^|,)" c "(,|$)") s = s "," c; done = 1 }
    s = s (s == "" ? "" : ",") w } print s }')
# I/O worker counts are about waiting, not cores: the pool of ten the lesson uses, and one per
# server at the top.
io_workers="1,2,5,10,$io_servers"

say() { printf '\n== %s\n' "$*" >&2; }
has() { case $parts in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

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

fault=${BENCH_FAULT:+--fault=$BENCH_FAULT}
if has cpu; then
	say "[cpu] CPU-bound: primes below $cpu_limit, modes ${BENCH_CPU_MODES:-serial, threads," \
		"processes, openmp (dynamic and static), gil (switch interval $gil_intervals us)}," \
		"workers $cpu_workers, $reps reps ($machine)"
	# shellcheck disable=SC2086 # $fault and $cpu_modes are empty or one word
	run wl_cpu "$bin/wl_cpu" --limit "$cpu_limit" --workers "$cpu_workers" --reps "$reps" \
		--interval-us "$gil_intervals" $cpu_modes $fault
fi

if has io; then
	say "[io] I/O-bound: $io_servers loopback servers answering after ${io_delay} ms, workers" \
		"$io_workers, $reps reps"
	# shellcheck disable=SC2086
	run wl_io "$bin/wl_io" --servers "$io_servers" --delay-ms "$io_delay" \
		--workers "$io_workers" --reps "$reps" $fault
fi

if has spawn; then
	say "[spawn] Spawn cost: thread, vfork, fork, posix_spawn, fork+exec; then with $touch_mb" \
		"MiB touched"
	run wl_spawn "$bin/wl_spawn" --iterations "$spawn_iterations" --reps "$reps"
	run wl_spawn "$bin/wl_spawn" --iterations "$fork_iterations" --reps 3 \
		--touch-mb "$touch_mb" --modes vfork,fork,posix_spawn
fi

gpu_note="the CUDA workload was not built (no nvcc found)"
: >"$data/gpu.txt"
if has gpu; then
	say "[gpu] GPU"
	if [ -x "$bin/wl_gpu" ]; then
		# shellcheck disable=SC2086 # gpu_args is a list of words on purpose
		run wl_gpu "$bin/wl_gpu" --reps "$reps" $gpu_args >"$data/gpu.txt"
		cat "$data/gpu.txt" >&2
		gpu_note=$(grep -m1 -E '^(no CUDA device|DEVICE)' "$data/gpu.txt" || echo "no output")
	else
		echo "$gpu_note" >&2
	fi
fi

# Real CPython beside the toy GIL. Debian's python3 first; then a free-threaded build where one
# is installed (PEP 703: python3.13t and later, where the GIL is off unless PYTHON_GIL=1 or an
# extension turns it back on; wl_py asks the running interpreter and labels its runs
# pynogil-* only when the GIL really is off).
py_note="" ft_note=""
: >"$data/python.txt"
if has py; then
	py_reps=$((reps < 3 ? reps : 3)) # Python runs are slower; three rounds show the spread
	if command -v "$python" >/dev/null; then
		"$python" "$here/python/wl_py.py" info | tee -a "$data/python.txt" >&2
		say "[py] CPython, CPU-bound: primes below $py_limit; serial, threads, process pools" \
			"(fork, spawn, forkserver); workers $cpu_workers, $py_reps reps"
		# shellcheck disable=SC2086
		run wl_py-cpu "$python" "$here/python/wl_py.py" cpu --limit "$py_limit" \
			--workers "$cpu_workers" --reps "$py_reps" $fault
		say "[py] CPython, I/O-bound: $py_requests requests answered after ${io_delay} ms;" \
			"serial, threads, asyncio, processes"
		# shellcheck disable=SC2086
		run wl_py-io "$python" "$here/python/wl_py.py" io --requests "$py_requests" \
			--delay-ms "$io_delay" --workers "1,2,5,10,$py_requests" --reps "$py_reps" $fault
		say "[py] CPython start-up: a thread, and a process by each start method"
		run wl_py-start "$python" "$here/python/wl_py.py" start \
			--iterations "$py_start_iterations" --reps "$py_reps"
	else
		py_note="$python was not found: the Python tables are missing (apt-get install python3)"
		echo "bench: $py_note" >&2
	fi
	ft=""
	for p in python3.14t python3.13t; do
		if command -v "$p" >/dev/null; then ft=$p; break; fi
	done
	if [ -n "$ft" ]; then
		"$ft" "$here/python/wl_py.py" info | tee -a "$data/python.txt" >&2
		say "[py] free-threaded $ft, CPU-bound: serial, threads, fork"
		# shellcheck disable=SC2086
		run wl_py-ft "$ft" "$here/python/wl_py.py" cpu --limit "$py_limit" \
			--workers "$cpu_workers" --reps "$py_reps" --modes serial,threads,fork $fault
		if grep -q "^PYTHON .*$ft.* gil=on" "$data/python.txt"; then
			ft_note="$ft is installed but ran with its GIL on (PYTHON_GIL=1?): see pyftgil-cpu."
		fi
	else
		ft_note="No free-threaded Python (python3.13t) is installed here, so the table has no"
		ft_note="$ft_note row without a GIL; Debian 12 ships none."
	fi
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
	BEGIN { n = split("serial threads threads-static processes processes-static openmp " \
			"openmp-static gil gil@1000us gil@200us pool epoll pool-gil asyncio " \
			"thread vfork fork spawn forkserver-first forkserver posix_spawn fork+exec " \
			"cpu-serial cuda-primes d2d-copy triad", o, " ")
		for (i = 1; i <= n; i++) rank[o[i]] = i }
	{ m = $2; big = 0; if (!(m in rank)) big = sub(/@.*/, "", m)
	  print $1, big, (m in rank ? rank[m] : 99), $0 }' |
	sort -k1,1 -k2,2n -k3,3n -k6,6n | cut -d' ' -f4- >"$data/summary.txt"

# The tables, claims, plots and report.md: a file of its own, sourced so that it sees every
# setting above.
# shellcheck source=bench_report.sh
. "$here/bench_report.sh"
