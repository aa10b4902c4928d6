#!/bin/bash
# How long `racelab check` takes against the tools it wraps: for each exercise, a raw TSan run and
# a raw Helgrind run of the same binaries, one after the other, then a whole check (build
# included), REPS times interleaved so that all three share the machine's noise. Prints a table
# and writes it to OUTDIR/checker.md. A check that is slower than raw TSan + raw Helgrind is
# reported, never failed: timings are for people, not for tests.
# Usage: check_speed.sh RACELAB OUTDIR [REPS] [EXERCISE...]  (default 7 reps, 01-lost-update)
# BENCH_RAW_TIMEOUT (seconds, default 20) ends a raw run of an exercise that hangs.
set -euo pipefail

racelab=${1:?usage: check_speed.sh RACELAB OUTDIR [REPS] [EXERCISE...]}
out=${2:?usage: check_speed.sh RACELAB OUTDIR [REPS] [EXERCISE...]}
reps=${3:-7}
raw_limit=${BENCH_RAW_TIMEOUT:-20}
shift $(($# < 3 ? $# : 3))
exercises=("$@")
[ ${#exercises[@]} -gt 0 ] || exercises=(01-lost-update)
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/racelab-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
# The checks run on a scratch copy of the course: a benchmark must not touch the student's
# progress (.racelab/) nor their graphs/.
mkdir -p "$tmp/kit"
cp -r "$root/exercises" "$tmp/kit/"

ms() { date +%s%3N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

report="$out/checker.md"
{
	printf '# racelab check against raw TSan + raw Helgrind\n\n'
	printf '%s, %s cores, load average %s at the start, %s repetitions, medians in ms.\n\n' \
		"$(date -u +%Y-%m-%d)" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "$reps"
	printf '| exercise | raw TSan | raw Helgrind | raw sum | racelab check | check / sum |\n'
	printf '|---|---:|---:|---:|---:|---:|\n'
} >"$report"

for ex in "${exercises[@]}"; do
	dir="$root/exercises/$ex"
	ini="$dir/exercise.ini"
	[ -f "$ini" ] || { echo "check_speed: no exercise $ex" >&2; exit 2; }
	# The manifest's sources and args, read as racelab reads them (one line each).
	sources=$(sed -n 's/^sources *= *//p' "$ini")
	common=$(sed -n 's/^common *= *//p' "$ini")
	args=$(sed -n 's/^args *= *//p' "$ini")
	work="$tmp/$ex"
	mkdir -p "$work"
	cp -r "$dir/." "$work/"
	[ -z "$common" ] || { mkdir -p "$work/common"; for f in $common; do cp "$root/exercises/common/$f" "$work/common/"; done; }
	files=$sources
	for f in $common; do files="$files common/$f"; done
	# The same variants as checker/run/build.c builds (keep the flags in step with variant_flags[]
	# and build_variant()).
	ld=
	! command -v ld.gold >/dev/null || ld=-fuse-ld=gold
	# shellcheck disable=SC2086 # word lists
	(cd "$work" && clang -fsanitize=thread -gline-tables-only -O1 -fno-inline \
		-fno-omit-frame-pointer -std=gnu11 -pthread -Icommon -pipe $ld $files -o prog-tsan -lm &&
		gcc -g -O0 -fno-omit-frame-pointer -std=gnu11 -pthread -Icommon -pipe $ld $files \
		-o prog -lm)
	: >"$tmp/t" ; : >"$tmp/h"; : >"$tmp/c"; : >"$tmp/r"
	hung=
	for _ in $(seq "$reps"); do
		rm -f "$work"/tsan.* "$work/hg.xml"
		t0=$(ms)
		# A broken exercise may hang for good (a deadlock, a spin on a flag): the raw tools have
		# no timeout of their own, so such an exercise cannot be compared and is reported so.
		# shellcheck disable=SC2086
		(cd "$work" && TSAN_OPTIONS="log_path=$work/tsan" timeout -k 1 "$raw_limit" \
			./prog-tsan $args >/dev/null 2>&1) 2>/dev/null || [ $? -ne 124 ] || hung=1
		t1=$(ms)
		# shellcheck disable=SC2086
		(cd "$work" && timeout -k 1 "$raw_limit" valgrind --tool=helgrind -q --xml=yes \
			--xml-file="$work/hg.xml" ./prog $args >/dev/null 2>&1) 2>/dev/null || [ $? -ne 124 ] || hung=1
		t2=$(ms)
		if [ -n "$hung" ]; then
			printf '| %s | hangs | hangs | - | - | - |\n' "$ex" >>"$report"
			continue 2
		fi
		st=0
		RACELAB_ROOT="$tmp/kit" "$racelab" check --format json "$ex" >"$tmp/check.json" \
			2>"$tmp/check.err" || st=$?
		# As shipped each exercise fails: status 1 and a fail verdict for it. Anything else
		# (a racelab that cannot run, an error, /bin/false in its place) timed nothing.
		# jq -s: one document exactly (jq 1.6 -e passes an empty input).
		if [ "$st" -ne 1 ] || ! jq -e -s --arg ex "$ex" 'length == 1 and (.[0].results |
			length == 1 and .[0].name == $ex and .[0].verdict == "fail")' "$tmp/check.json" \
			>/dev/null 2>&1; then
			echo "check_speed: racelab check $ex exited $st without a fail verdict for it" >&2
			head -c 2000 "$tmp/check.err" >&2
			exit 1
		fi
		t3=$(ms)
		echo $((t1 - t0)) >>"$tmp/t"
		echo $((t2 - t1)) >>"$tmp/h"
		echo $((t3 - t2)) >>"$tmp/c"
		awk -v c=$((t3 - t2)) -v s=$((t2 - t0)) 'BEGIN { printf "%.3f\n", c / s }' >>"$tmp/r"
	done
	t=$(median <"$tmp/t"); h=$(median <"$tmp/h"); c=$(median <"$tmp/c"); r=$(median <"$tmp/r")
	printf '| %s | %s | %s | %s | %s | %.2f |\n' "$ex" "$t" "$h" "$((${t%.*} + ${h%.*}))" "$c" "$r" \
		>>"$report"
done
{
	printf '\nThe ratio is the median of the per-repetition ratios (each taken in one repetition).\n'
	printf 'Raw runs use the binaries built with racelab'"'"'s own flags, not counting the build; the\n'
	printf 'check counts everything: copying the exercise, both builds, the tracer seeds and the plain\n'
	printf 'runs besides TSan and Helgrind, and the report.\n'
} >>"$report"
cat "$report"
