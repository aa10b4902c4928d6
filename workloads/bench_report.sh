# shellcheck shell=bash disable=SC2154 # bash, sourced by bench.sh, which sets the variables
# Sourced by bench.sh once every workload has run and data/summary.txt holds the medians: writes
# the plots and OUTDIR/report.md, and prints the claims table. Not a program of its own; it reads
# bench.sh's settings ($data, $out, $cores, $parts, ...).

# The serial medians everything is compared with.
serial_of() { awk -v w="$1" '$1 == w && $2 == "serial" { print $5 }' "$data/summary.txt"; }
cpu_serial=$(serial_of cpu)

# One table, markdown, from summary lines of one workload. Speedups use the median; the range
# in brackets is the speedup from the slowest and the fastest run.
speed_table() {
	local workload=$1 base=$2 ideal_cap=$3
	echo "| mode | workers | runs | median (s) | min - max (s) | speedup vs serial |" \
		"ideal | cores busy |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	# The ideal of a mode that one lock serialises (the toy GIL, threads in CPython with its GIL)
	# is one; anything else can use min(workers, cap).
	awk -v w="$workload" -v b="$base" -v cap="$ideal_cap" '$1 == w {
		locked = $2 ~ /^gil/ || $2 == "serial" || ($2 == "threads" && w ~ /^py(ftgil)?-cpu$/)
		ideal = locked ? 1 : ($3 < cap ? $3 : cap)
		printf "| %s | %d | %d | %.4f | %.4f - %.4f | %.2fx (%.2f - %.2f) | %dx | %s |\n",
			$2, $3, $4, $5, $6, $7, b / $5, b / $7, b / $6, ideal, $8 }' "$data/summary.txt"
}

# Plot data: one file per mode, "workers speedup low high".
for wl in cpu io py-cpu py-io pynogil-cpu pyftgil-cpu; do
	base=$(serial_of "$wl")
	[ -n "$base" ] || continue
	# Mode names are single words (no blanks), so word splitting is what we want here.
	# shellcheck disable=SC2013
	for mode in $(awk -v w="$wl" '$1 == w { print $2 }' "$data/summary.txt" | sort -u); do
		awk -v w="$wl" -v m="$mode" -v b="$base" '$1 == w && $2 == m {
			print $3, b / $5, b / $7, b / $6 }' "$data/summary.txt" >"$data/$wl-$mode.dat"
	done
done

plots=""
if command -v gnuplot >/dev/null; then
	plot_list() { # workload [title prefix]: one yerrorlines series per mode but serial
		local wl=$1 list="" f mode
		for f in "$data/$wl"-*.dat; do
			[ -e "$f" ] || continue
			mode=${f##*/"$wl"-}
			mode=${mode%.dat}
			[ "$mode" = serial ] && continue
			list="$list'$f' using 1:2:3:4 with yerrorlines lw 2 title '${2:-}$mode', "
		done
		echo "$list"
	}
	# One plot per part that ran: gnuplot refuses to draw a plot with no points.
	speedup_plot() { # file title series ideal-cap ideal-title [log]
		gnuplot <<-GP
			set terminal svg size 760,480 dynamic noenhanced font 'sans,12' background '#ffffff'
			set grid
			set key outside right top
			set xlabel 'workers'
			set ylabel 'speedup vs serial (median, bars: fastest and slowest run)'
			set output '$out/$1'
			set title '$2'
			set xrange [0.8:*]
			set offsets 0, 0, graph 0.1, 0
			$([ -n "${6:-}" ] && echo "set logscale x 2; set logscale y 2; set yrange [0.5:*]" ||
				echo "set yrange [0:*]")
			plot $3 (x < $4 ? x : $4) with lines dt 2 lc 'gray' title '$5'
		GP
		plots="$plots $1"
	}
	ideal_cores='ideal: min(workers, cores)'
	if [ -n "$(serial_of cpu)" ]; then
		speedup_plot cpu-speedup.svg "CPU-bound prime count on $cores CPUs: speedup vs workers" \
			"$(plot_list cpu)" "$cores" "$ideal_cores"
	fi
	if [ -n "$(serial_of io)" ]; then
		speedup_plot io-speedup.svg \
			"I/O-bound check of $io_servers servers (${io_delay} ms each): speedup vs workers" \
			"$(plot_list io)" "$io_servers" 'ideal: min(workers, servers)' log
	fi
	if [ -n "$(serial_of py-cpu)" ]; then
		speedup_plot py-cpu-speedup.svg \
			"CPython, CPU-bound prime count on $cores CPUs: speedup vs workers" \
			"$(plot_list py-cpu) $(plot_list pynogil-cpu nogil-)" "$cores" "$ideal_cores"
	fi
	if [ -n "$(serial_of py-io)" ]; then
		speedup_plot py-io-speedup.svg \
			"CPython, I/O-bound: $py_requests requests (${io_delay} ms each): speedup vs workers" \
			"$(plot_list py-io)" "$py_requests" 'ideal: min(workers, requests)' log
	fi
	awk '$1 == "spawn" { printf "\"%s\" %.3f\n", $2, $5 * 1e6 }' "$data/summary.txt" \
		>"$data/spawn.dat"
	if [ -s "$data/spawn.dat" ]; then
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
		plots="$plots spawn-cost.svg"
	fi
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
	if [ "$4" = 0 ]; then # a mode or a part this run left out (BENCH_PARTS, BENCH_CPU_MODES)
		echo "| $1 | $2 | not run | - | - |"
		return
	fi
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
	local target="time ${7}x - ${8}x $3"
	[ "$8" = 1e9 ] && target="time >= ${7}x $3"
	claim "$1" "$target" time "$(ratio "$m" "$b")" "$(ratio "$mb" "$bb")" "$7" "$8"
}
target=$(awk -v c="$cores" 'BEGIN { printf "%.1f", 0.85 * c }')
py_target=$(awk -v c="$cores" 'BEGIN { printf "%.1f", 0.6 * c }')
# The dynamic modes at $cores workers agree when the slowest median is within 5% of the fastest.
spread() { # column: slowest / fastest of the three dynamic modes at $cores workers
	awk -v a="$(stat cpu threads "$cores" "$1")" -v b="$(stat cpu processes "$cores" "$1")" \
		-v c="$(stat cpu openmp "$cores" "$1")" 'BEGIN { if (a == "" || b == "" || c == "") {
		print 0; exit } lo = a; hi = a; if (b < lo) lo = b; if (c < lo) lo = c
		if (b > hi) hi = b; if (c > hi) hi = c; printf "%.2f", hi / lo }'
}
agree_claim() {
	local text="CPU-bound: they agree: slowest / fastest of threads, processes, OpenMP"
	claim "$text ($cores workers)" "time 1x - 1.05x" time "$(spread 5)" "$(spread 6)" 0 1.05
}
claims() {
	echo "| claim | target | median | best run | met (median) |"
	echo "|---|---|---:|---:|---|"
	if has cpu; then
		speedup_claim "CPU-bound: threads use every core ($cores workers, dynamic)" cpu serial 1 \
			threads "$cores" "$target"
		speedup_claim "CPU-bound: so do processes ($cores workers, dynamic)" cpu serial 1 \
			processes "$cores" "$target"
		speedup_claim "CPU-bound: so does OpenMP ($cores workers, schedule(dynamic))" cpu serial 1 \
			openmp "$cores" "$target"
		agree_claim
		if [ "$cores" -gt 1 ]; then
			time_claim "CPU-bound: static blocks leave cores idle (threads, $cores workers)" \
				cpu threads "$cores" threads-static "$cores" 1.1 1e9
			time_claim "CPU-bound: so does OpenMP's schedule(static) ($cores workers)" \
				cpu openmp "$cores" openmp-static "$cores" 1.1 1e9
		fi
		time_claim "CPU-bound: a GIL serialises threads ($cores workers)" cpu serial 1 gil \
			"$cores" 0.9 1.2
	fi
	if has io; then
		speedup_claim "I/O-bound: 10 worker threads overlap the waits" io serial 1 pool 10 8
		time_claim "I/O-bound: one thread with epoll keeps up with 10 threads (10 in flight)" \
			io pool 10 epoll 10 0.8 1.2
		time_claim "I/O-bound: a GIL around the compute part only costs little (10 workers)" \
			io pool 10 pool-gil 10 0.8 1.2
	fi
	if [ -n "$(serial_of py-cpu)" ]; then
		time_claim "CPython, CPU-bound: $cores threads take as long as one: the GIL" \
			py-cpu threads 1 threads "$cores" 0.85 1.3
		speedup_claim "CPython, CPU-bound: processes do (fork pool, $cores workers, start included)" \
			py-cpu serial 1 fork "$cores" "$py_target"
		time_claim "CPython, CPU-bound: a spawn pool boots $cores interpreters: slower than fork" \
			py-cpu fork "$cores" spawn "$cores" 1.1 1e9
		speedup_claim "CPython, I/O-bound: 10 threads overlap the waits" py-io serial 1 threads 10 8
		time_claim "CPython, I/O-bound: asyncio, one thread, keeps up with 10 threads" \
			py-io threads 10 asyncio 10 0.8 1.25
		time_claim "CPython: spawn boots a fresh interpreter: it starts slower than fork" \
			py-start fork 1 spawn 1 3 1e9
	fi
	if [ -n "$(serial_of pynogil-cpu)" ]; then
		speedup_claim "Free-threaded CPython: CPU-bound threads do speed up ($cores workers)" \
			pynogil-cpu serial 1 threads "$cores" "$py_target"
	fi
}

# Static against dynamic partitioning, side by side: speedup and cores busy per worker count.
static_table() {
	echo "| workers | threads | threads-static | processes | processes-static | openmp |" \
		"openmp-static |"
	echo "|---:|---:|---:|---:|---:|---:|---:|"
	awk -v b="$cpu_serial" '$1 == "cpu" && $2 ~ /^(threads|processes|openmp)(-static)?$/ {
			cell[$3, $2] = sprintf("%.2fx, %s busy", b / $5, $8); w[$3] = 1 }
		END { n = split("threads threads-static processes processes-static openmp " \
				"openmp-static", m, " ")
			for (k in w) ws[++nw] = k + 0
			for (i = 2; i <= nw; i++) { x = ws[i]; j = i - 1
				while (j >= 1 && ws[j] > x) { ws[j + 1] = ws[j]; j-- } ws[j + 1] = x }
			for (i = 1; i <= nw; i++) { line = "| " ws[i]
				for (j = 1; j <= n; j++) line = line " | " cell[ws[i], m[j]]
				print line " |" } }' "$data/summary.txt"
}

# The CPython tables: what the notes ask of the real interpreter.
python_section() {
	local py_serial
	echo "## CPython beside the toy GIL"
	echo
	if [ -n "$py_note" ]; then
		echo "$py_note"
		echo
		return
	fi
	sed 's/^PYTHON /Interpreter: /' "$data/python.txt"
	echo
	echo "CPU-bound: the same prime count (primes below $py_limit), tasks of 2000 numbers handed"
	echo "to whichever worker is free. Threads share one interpreter and its GIL, so one of them"
	echo "runs bytecode at a time; each process has its own interpreter and GIL. Process pools are"
	echo "timed from their start, so spawn and forkserver pay their boot in every run."
	[ -n "$ft_note" ] && { echo; echo "$ft_note"; }
	echo
	for w in py-cpu pynogil-cpu pyftgil-cpu; do
		py_serial=$(serial_of "$w")
		[ -n "$py_serial" ] || continue
		echo "$w:"
		echo
		speed_table "$w" "$py_serial" "$cores"
		echo
	done
	echo "I/O-bound: $py_requests requests to a loopback server (a separate process) that answers"
	echo "each after ${io_delay} ms. A blocking socket call releases the GIL while it waits."
	echo
	speed_table py-io "$(serial_of py-io)" "$py_requests"
	echo
	echo "Start-up: start and join one thread, or one process by each start method, and check"
	echo "the exit code it returns. spawn boots a fresh interpreter that imports the main module;"
	echo "forkserver forks from a server that is itself started on first use (forkserver-first)."
	echo
	echo "| operation | median (ms) | min - max (ms) | vs a thread |"
	echo "|---|---:|---:|---:|"
	awk '$1 == "py-start" && $2 == "thread" { t = $5 }
		$1 == "py-start" { r[++n] = $0; m[n] = $2; v[n] = $5; lo[n] = $6; hi[n] = $7 }
		END { for (i = 1; i <= n; i++)
			printf "| %s | %.3f | %.3f - %.3f | %.0fx |\n", m[i], v[i] * 1e3, lo[i] * 1e3,
				hi[i] * 1e3, (t > 0 ? v[i] / t : 0) }' "$data/summary.txt"
	echo
}

finished=$(date +%s)
{
	echo "# racelab bench report"
	echo
	echo "Machine: $machine ($(uname -srm)); $(gcc --version | head -1)."
	if [ "$smt" = yes ]; then
		echo "Claims and ideals below are for these $cores CPUs, of which only $physical are"
		echo "physical cores: past $physical workers, SMT siblings share one core's units, and"
		echo "a speedup of $cores is not to be had."
	else
		echo "Claims and ideals below are for these $cores CPUs."
	fi
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
	if awk -v c="$serial_cores" 'BEGIN { exit !(c != "" && c != "-" && c + 0 < 0.9) }'; then
		echo "**The machine was busy during this run:** the serial CPU runs kept only"
		echo "$serial_cores of a core busy (an idle machine gives 1.00), so other programs took"
		echo "cores from every mode. Rerun \`make bench\` on a quiet machine before trusting the"
		echo "CPU speedups."
		echo
	fi
	claims
	echo
	# At many cores the default problem is done in a few tens of milliseconds, and a hiccup of
	# the machine (a virtual CPU paused by its host) then moves a median by several percent.
	short=$(stat cpu threads "$cores" 5)
	if awk -v t="$short" 'BEGIN { exit !(t != "" && t + 0 < 0.2) }'; then
		echo "**Short runs:** at $cores workers a run took $(awk -v t="$short" \
			'BEGIN { printf "%.0f", t * 1000 }') ms, so noise weighs on the ratios above; for"
		echo "numbers to trust here, rerun with a larger problem, e.g."
		echo "\`BENCH_CPU_LIMIT=20000000 BENCH_REPS=3 make bench\`."
		echo
	fi
	if has cpu; then
	echo "## CPU-bound: primes below $cpu_limit"
	echo
	echo "### Static against dynamic partitioning"
	echo
	echo "Static partitioning fixes each worker's share before the work starts: worker i of W"
	echo "gets the i-th contiguous block of numbers, and because testing a large number costs more"
	echo "than testing a small one, the worker holding the top block is still busy long after the"
	echo "others have finished and sit idle (fewer cores busy than workers). Dynamic partitioning"
	echo "hands out small chunks (4096 numbers) to whichever worker is free, from a shared counter"
	echo "(an atomic in the threads' memory, in a MAP_SHARED page for the processes, libgomp's for"
	echo "OpenMP), so all workers finish within about one chunk of one another."
	echo
	echo "Each cell: speedup against serial (median), and cores busy."
	echo
	static_table
	echo
	echo "### Every mode"
	echo
	echo "Ideal speedup is min(workers, cores) = min(workers, $cores); the GIL's ideal is 1."
	echo "Cores busy is CPU time over wall time (median): below the worker count when other"
	echo "programs took the cores, or when the threads waited for the GIL instead of computing."
	echo "gil uses the toy GIL's default switch interval (5 ms, as CPython); gil@1000us and"
	echo "gil@200us switch more often and pay for each forced handover."
	echo
	speed_table cpu "$cpu_serial" "$cores"
	echo
	fi
	if has io; then
	echo "## I/O-bound: $io_servers loopback servers, ${io_delay} ms delay each"
	echo
	echo "Workers are threads (pool, pool-gil), processes, or connections in flight (epoll);"
	echo "threads is one thread per server. The ideal is min(workers, servers): waiting needs no core,"
	echo "as the cores-busy column shows."
	echo
	speed_table io "$(serial_of io)" "$io_servers"
	echo
	fi
	if has spawn; then
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
	fi
	if has py; then
	python_section
	fi
	if has gpu; then
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
	fi
	if [ -n "$plots" ]; then
		echo "## Plots"
		echo
		for p in $plots; do echo "![${p%.svg}]($p)"; echo; done
	fi
	echo "Raw results: data/results.txt (one RESULT line per run); medians: data/summary.txt."
} >"$out/report.md"

printf '\n== done in %d s: %s\n' "$((finished - started))" "$out/report.md" >&2
sed -n '/^## What the lessons claim/,/^## /p' "$out/report.md" | sed '$d' >&2
