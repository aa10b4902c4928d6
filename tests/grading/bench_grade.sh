#!/bin/sh
# Measures racelab grade on N synthetic submissions (default 30) of exercise 01, with --jobs 1 and
# --jobs 2, and prints the wall times and their ratio. A third of the students hand in the
# solution, a third nothing changed, a third the lazy one-big-lock fix when the kit has it.
# usage: bench_grade.sh KIT_SOURCE_DIR RACELAB_BINARY [N]
set -eu
root=$1
racelab=$2
n=${3:-30}
. "$(dirname "$0")/lib.sh"

need_solutions 01-lost-update
make_kit "$tmp/kit" 01-lost-update
i=0
while [ "$i" -lt "$n" ]; do
	s=$(printf 'student%02d' "$i")
	mkdir -p "$tmp/sub/$s"
	cp -R "$tmp/kit/exercises" "$tmp/sub/$s/"
	case $((i % 3)) in
	0) cp "$root/solutions/01-lost-update"/*.c "$tmp/sub/$s/exercises/01-lost-update/" ;;
	2) lazy=$(ls -d "$root/tests/kit/lazy/01-lost-update"/*/ 2>/dev/null | head -1)
	   [ -n "$lazy" ] && cp "$lazy"*.c "$tmp/sub/$s/exercises/01-lost-update/" ;;
	esac
	i=$((i + 1))
done

now() { date +%s.%N; }
for jobs in 1 2; do
	start=$(now)
	RACELAB_ROOT=$tmp/kit NO_COLOR=1 "$racelab" grade --submissions "$tmp/sub" --jobs "$jobs" \
		--csv "$tmp/grades-$jobs.csv" >/dev/null
	end=$(now)
	echo "jobs=$jobs: $(echo "$end - $start" | bc) s"
	eval "took$jobs=$(echo "$end - $start" | bc)"
done
# The grades must not depend on the parallelism.
cmp "$tmp/grades-1.csv" "$tmp/grades-2.csv" && echo "same gradebook with --jobs 1 and 2"
echo "speedup jobs 2 over jobs 1: $(echo "scale=2; $took1 / $took2" | bc)"
