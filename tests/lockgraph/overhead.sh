#!/bin/sh
# The lock tracer's overhead on a lock-heavy program: lg_lockbench (4 threads x ITERS lock/unlock
# pairs, WORK steps inside each critical section) without the tracer, with it, and with it and a
# perturbation seed; runs interleaved, prints the median wall time of each.
# Usage: tests/lockgraph/overhead.sh BUILD_DIR [RUNS [ITERS [WORK]]]
set -eu
B=$(cd "$1" && pwd)
RUNS=${2:-15} ITERS=${3:-200000} WORK=${4:-0}
BIN=$B/tests/lockgraph/lg_lockbench LIB=$B/liblockgraph.so
OUT=$(mktemp)
ms() { s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
i=0
while [ $i -lt "$RUNS" ]; do
	echo "plain $(ms "$BIN" 4 "$ITERS" "$WORK")"
	echo "tracer $(ms env RACELAB_LOCKGRAPH_OUT="$OUT" LD_PRELOAD="$LIB" "$BIN" 4 "$ITERS" "$WORK")"
	echo "tracer+seed $(ms env RACELAB_LOCKGRAPH_OUT="$OUT" RACELAB_LOCKGRAPH_SEED=17 \
		LD_PRELOAD="$LIB" "$BIN" 4 "$ITERS" "$WORK")"
	: >"$OUT"
	i=$((i + 1))
done | sort -k1,1 -k2,2n | awk '{ v[$1] = v[$1] " " $2 }
	END { for (m in v) { n = split(v[m], a, " "); med[m] = a[int((n + 1) / 2)] / 1000 }
	      printf "plain %.1f ms, tracer %.1f ms (%.2fx), tracer+seed %.1f ms (%.2fx)\n",
		     med["plain"], med["tracer"], med["tracer"] / med["plain"],
		     med["tracer+seed"], med["tracer+seed"] / med["plain"] }'
rm -f "$OUT"
