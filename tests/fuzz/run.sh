#!/usr/bin/env bash
# Builds racelab's parser fuzz harnesses with clang (libFuzzer, ASan, UBSan) and runs each one.
#
#   tests/fuzz/run.sh [SECONDS | -runs=N] [TARGET...]
#
# SECONDS: fuzz each target that long (default 60); -runs=N: N executions each (still stopped
# after FUZZ_MAX_TIME seconds, default 600, so a run is always bounded). TARGET: some of
# tsan helgrind helgrind_partial manifest lockgraph cuda_sanitizer cuda_nvcc hints build (default
# all), run one after another.
#
# Environment: FUZZ_BUILD (the harnesses' build directory, default build/fuzz), FUZZ_WORK (corpora,
# crash artifacts and logs, default $FUZZ_BUILD/work), FUZZ_MAX_TIME, FUZZ_FLAGS (more libFuzzer
# flags, e.g. -max_len=4096), FUZZ_FRESH=1 (start each corpus from the seeds again, as the smoke
# run in `make test` does, so its time does not grow with the corpus).
# Exit status: 0 no target failed, 1 a target crashed, leaked, hit UB or a timeout (its input is
# in $FUZZ_WORK/artifacts), 2 usage or build error, 77 clang's libFuzzer is not available (skip).
set -u

root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
fuzzdir=$root/tests/fuzz
build=${FUZZ_BUILD:-$root/build/fuzz}
work=${FUZZ_WORK:-$build/work}
max_time=${FUZZ_MAX_TIME:-600}
all_targets="tsan helgrind helgrind_partial manifest lockgraph cuda_sanitizer cuda_nvcc hints build"

mode=time
amount=60
targets=
for arg in "$@"; do
	case $arg in
	-runs=*) mode=runs amount=${arg#-runs=} ;;
	-h | --help) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*[!0-9]*)
		case " $all_targets " in
		*" $arg "*) targets="$targets $arg" ;;
		*) echo "run.sh: unknown target or argument '$arg'" >&2; exit 2 ;;
		esac ;;
	*) mode=time amount=$arg ;;
	esac
done
case $amount in '' | *[!0-9]*) echo "run.sh: bad count '$amount'" >&2; exit 2 ;; esac
targets=${targets:-$all_targets}

# The fixture files each target starts from: real tool outputs recorded in tests/fixtures (and the
# compiler outputs recorded by seeds/record.sh), plus the regression inputs in regress/TARGET.
seeds_for() {
	local f=$root/tests/fixtures
	case $1 in
	tsan) echo "$f/tsan/*.txt $f/tsan/fork/* $f/helgrind/*.tsan.txt" ;;
	helgrind | helgrind_partial) echo "$f/helgrind/*.xml" ;;
	manifest) echo "$f/manifests/*/exercise.ini $root/exercises/*/exercise.ini" ;;
	lockgraph) echo "$f/lockgraph/*.out" ;;
	cuda_sanitizer) echo "$f/cuda/racecheck-*.txt $f/cuda/synccheck-*.txt $f/cuda/run-*.txt
		$f/cuda/h100/racecheck-*.txt $f/cuda/h100/synccheck-*.txt" ;;
	cuda_nvcc) echo "$f/cuda/h100/nvcc-error.txt $fuzzdir/seeds/build/*.txt" ;;
	hints) echo "$root/exercises/*/README.md $root/exercises/README.md" ;;
	build) echo "$fuzzdir/seeds/build/*.txt $f/cuda/h100/nvcc-error.txt" ;;
	esac
}

dict_for() {
	case $1 in
	helgrind | helgrind_partial) echo "$fuzzdir/dict/helgrind.dict" ;;
	cuda_sanitizer | cuda_nvcc) echo "$fuzzdir/dict/cuda.dict" ;;
	*) echo "$fuzzdir/dict/$1.dict" ;;
	esac
}

# libFuzzer ships with clang's compiler-rt, which a distribution may package apart: try it.
probe=$(mktemp -d) || exit 2
trap 'rm -rf "$probe"' EXIT
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }\n' \
	>"$probe/p.c"
if ! command -v clang >/dev/null 2>&1 ||
	! clang -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >"$probe/log" 2>&1; then
	echo "run.sh: SKIP: clang with libFuzzer (-fsanitize=fuzzer) is not available"
	cat "$probe/log" 2>/dev/null | head -5
	exit 77
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
	cmake -S "$fuzzdir" -B "$build" -DCMAKE_C_COMPILER=clang >"$probe/cmake.log" 2>&1 ||
		{ cat "$probe/cmake.log" >&2; echo "run.sh: configuring $build failed" >&2; exit 2; }
fi
cmake --build "$build" -j "${JOBS:-2}" >"$probe/build.log" 2>&1 ||
	{ tail -40 "$probe/build.log" >&2; echo "run.sh: building the harnesses failed" >&2; exit 2; }

mkdir -p "$work/artifacts" "$work/logs" || exit 2
failed=0
printf '%-17s %10s %8s %7s %8s  %s\n' target execs exec/s corpus rss_mb result
for t in $targets; do
	seeds=$work/seeds/$t corpus=$work/corpus/$t log=$work/logs/$t.log
	rm -rf "$seeds"
	[ "${FUZZ_FRESH:-0}" = 1 ] && rm -rf "$corpus"
	mkdir -p "$seeds" "$corpus" || exit 2
	for s in $(seeds_for "$t"); do
		[ -f "$s" ] && cp "$s" "$seeds/$(echo "${s#"$root"/}" | tr / _)"
	done
	dirs=("$corpus" "$seeds")
	[ -d "$fuzzdir/regress/$t" ] && dirs+=("$fuzzdir/regress/$t")
	if [ "$mode" = runs ]; then
		limit=(-runs="$amount" -max_total_time="$max_time")
	else
		limit=(-max_total_time="$amount")
	fi
	# -timeout: one input taking 10 s is a hang worth a report; -rss_limit_mb bounds a blow-up.
	start=$(date +%s%N)
	# shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
	"$build/fuzz_$t" "${limit[@]}" -dict="$(dict_for "$t")" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$work/artifacts/$t-" ${FUZZ_FLAGS:-} \
		"${dirs[@]}" >"$log" 2>&1
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	# libFuzzer's own figure is whole seconds (0 for a run under one): count from the wall time.
	speed=$([ -n "$execs" ] && echo $((execs * 1000 / (ms > 0 ? ms : 1))))
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
	# The corpus libFuzzer kept in memory at the end (the directory also holds superseded units).
	units=$(sed -n 's/^#[0-9]*[[:space:]]*DONE .* corp: \([0-9]*\)\/.*/\1/p' "$log" | tail -1)
	if [ $rc -eq 0 ]; then
		result=ok
	else
		result="FAILED (rc $rc, log $log)"
		failed=1
	fi
	printf '%-17s %10s %8s %7s %8s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "${units:-?}" "${rss:-?}" \
		"$result"
	if [ $rc -ne 0 ]; then
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written|deadly signal' "$log" | head -10
	fi
done
exit $failed
