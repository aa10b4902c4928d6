#!/bin/bash
# The schedule search against luck: for each rare-bug program in tests/bench/explore/ (its first
# line says its bug's depth d and its threads), as many plain runs, random-yield runs of the
# tracer (RACELAB_LOCKGRAPH_SEED) and PCT schedules (RACELAB_LOCKGRAPH_SCHED=pct) as fit in the
# same wall time each, one at a time. A run shows the bug when it exits non-zero (an assertion,
# the tracer's deadlock status 86, or a hang killed at 1 s). Prints a table and writes it to
# OUTDIR/explore.md, with PCT's bound 1/(n k^(d-1)) (n threads with main, k the schedules' mean
# number of steps). A benchmark, never a test: the fractions are for people.
# Usage: explore.sh BUILDDIR OUTDIR [SECONDS per program and mode, default 4]
set -uo pipefail

lib=$(realpath "${1:?usage: explore.sh BUILDDIR OUTDIR [SECONDS]}")/liblockgraph.so
out=${2:?usage: explore.sh BUILDDIR OUTDIR [SECONDS]}
secs=${3:-4}
src=$(cd "$(dirname "$0")/explore" && pwd)
tmp=$(mktemp -d /tmp/racelab-explore.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
ms() { date +%s%3N; }

# measure MODE PROG: "runs hits ms_per_run mean_steps" within $secs seconds
measure() {
	local mode=$1 prog=$2 runs=0 hits=0 steps=0 seed=0 start end rc
	start=$(ms)
	end=$((start + secs * 1000))
	while [ "$(ms)" -lt "$end" ]; do
		seed=$((seed + 1))
		rm -f "$tmp/trace"
		case $mode in
		plain) timeout 1 "$prog" >/dev/null 2>&1 ;;
		yield) timeout 2 env RACELAB_LOCKGRAPH_OUT="$tmp/trace" RACELAB_LOCKGRAPH_SEED=$seed \
			LD_PRELOAD="$lib" "$prog" >/dev/null 2>&1 ;;
		pct) timeout 2 env RACELAB_LOCKGRAPH_OUT="$tmp/trace" RACELAB_LOCKGRAPH_SEED=$seed \
			RACELAB_LOCKGRAPH_SCHED=pct LD_PRELOAD="$lib" "$prog" >/dev/null 2>&1 ;;
		esac
		rc=$?
		runs=$((runs + 1))
		[ $rc -ne 0 ] && hits=$((hits + 1))
		if [ "$mode" = pct ]; then
			s=$(sed -n 's/^schedend steps=\([0-9]*\).*/\1/p' "$tmp/trace")
			steps=$((steps + ${s:-0}))
		fi
	done
	echo "$runs $hits $((($(ms) - start) * 1000 / runs)) $((steps / runs))"
}

pct() { awk -v h="$1" -v r="$2" 'BEGIN { printf "%.1f%%", r ? 100 * h / r : 0 }'; }

report="$out/explore.md"
{
	printf '# The schedule search: plain runs, random yields and PCT at equal time\n\n'
	printf '%s, %s cores, load %s, %s s per program and mode, one run at a time. Hit: the run ' \
		"$(date -u +%Y-%m-%d)" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "$secs"
	printf 'showed the bug. us/run: wall time per run. Bound: PCT'"'"'s guarantee per schedule, '
	printf '1/(n k^(d-1)), with n the threads (main too) and k the mean steps measured.\n\n'
	printf '| program | d | n | plain runs | plain hit | yield runs | yield hit | PCT runs '
	printf '| PCT hit | PCT us/run | k | bound |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|'
	printf -- '---:|---:|---:|\n'
} >"$report"

for f in "$src"/*.c; do
	name=$(basename "$f" .c)
	d=$(sed -n '1s/.*depth=\([0-9]*\).*/\1/p' "$f")
	n=$(($(sed -n '1s/.*threads=\([0-9]*\).*/\1/p' "$f") + 1))
	gcc -g -O0 -pthread -o "$tmp/$name" "$f" || exit 2
	read -r pr ph _ _ < <(measure plain "$tmp/$name")
	read -r yr yh _ _ < <(measure yield "$tmp/$name")
	read -r cr ch cus k < <(measure pct "$tmp/$name")
	bound=$(awk -v n="$n" -v k="$k" -v d="$d" \
		'BEGIN { printf "%.1f%%", 100 / (n * (k > 0 ? k : 1) ^ (d - 1)) }')
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$d" "$n" \
		"$pr" "$(pct "$ph" "$pr")" "$yr" "$(pct "$yh" "$yr")" "$cr" "$(pct "$ch" "$cr")" \
		"$cus" "$k" "$bound" | tee -a "$report"
done
echo "explore: $report"
