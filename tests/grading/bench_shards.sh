#!/bin/sh
# Measures a class graded in N shards at once (as a Slurm array on one node runs them, then the
# merge) against one racelab grade process with --jobs J, on this machine, and checks that both
# give the same gradebook. The class: S students (default 40) made from the course, every other
# one handing in the solutions, the rest the exercises as handed out.
# usage: bench_shards.sh KIT_SOURCE_DIR RACELAB_BINARY [STUDENTS [SHARDS [JOBS [EXERCISE...]]]]
# With no exercises named: 01, 02, 06 and 07 (a whole course per student is ~50 s of two cores).
set -eu
root=$1
racelab=$2
students=${3:-40}
shards=${4:-4}
jobs=${5:-2}
shift $(($# < 5 ? $# : 5))
[ $# -gt 0 ] || set -- 01-lost-update 03-refcount-race 07-bank-transfer-order \
	08-dining-philosophers
. "$(dirname "$0")/lib.sh"
need_solutions "$@"
make_kit "$tmp/kit" "$@"
i=0
while [ "$i" -lt "$students" ]; do
	s=$(printf 'student%02d' "$i")
	mkdir -p "$tmp/sub/$s"
	cp -R "$tmp/kit/exercises" "$tmp/sub/$s/"
	if [ $((i % 2)) = 0 ]; then
		for ex in "$@"; do
			cp "$root/solutions/$ex"/*.c "$tmp/sub/$s/exercises/$ex/"
		done
	fi
	i=$((i + 1))
done
export RACELAB_ROOT="$tmp/kit" NO_COLOR=1
now() { date +%s.%N; }

start=$(now)
"$racelab" grade --submissions "$tmp/sub" --jobs "$jobs" --csv "$tmp/one.csv" >/dev/null
one=$(echo "$(now) - $start" | bc)

start=$(now)
pids=""
k=1
while [ "$k" -le "$shards" ]; do
	"$racelab" grade --submissions "$tmp/sub" --shard "$k/$shards" --jobs 1 \
		--out "$tmp/shard-$k" >/dev/null &
	pids="$pids $!"
	k=$((k + 1))
done
for p in $pids; do wait "$p"; done
# shellcheck disable=SC2046 # one argument per shard folder
"$racelab" grade --merge --out "$tmp/class" --csv "$tmp/merged.csv" \
	$(k=1; while [ "$k" -le "$shards" ]; do echo "$tmp/shard-$k"; k=$((k + 1)); done) >/dev/null
split=$(echo "$(now) - $start" | bc)

cmp -s "$tmp/one.csv" "$tmp/merged.csv" ||
	{ diff "$tmp/one.csv" "$tmp/merged.csv"; fail "gradebooks differ"; }
echo "$students students x $# exercises on $(nproc) cores (load $(cut -d' ' -f1 /proc/loadavg)):"
echo "  one process --jobs $jobs: ${one} s"
echo "  $shards shards at once (--jobs 1 each) + merge: ${split} s"
echo "  ratio shards/one: $(echo "scale=2; $split / $one" | bc)"
