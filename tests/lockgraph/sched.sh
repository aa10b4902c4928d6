#!/bin/sh
# The controlled scheduler (tracer/sched.c): replay, exact deadlocks, preemption, fork, bad input.
#   sched.sh LIBDIR RACELAB CASE      CASE: replay deadlock spin fork many nosync deadline wrappers
# Programs are built here like the course's plain variant (gcc -g -O0).
set -u
lib=$(realpath "$1")/liblockgraph.so racelab=$(realpath "$2") case=$3
src=$(cd "$(dirname "$0")/sched" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL ($case): $*"; exit 1; }
build() { gcc -g -O0 -pthread -o "$tmp/$1" "$src/$1.c" || fail "cannot build $1"; }
# run PROG SEED [ENV...]: one controlled run, trace in $tmp/trace, exit status in $rc
run() {
	prog=$1 seed=$2
	shift 2
	rm -f "$tmp/trace"
	timeout "${run_limit:-20}" env "$@" RACELAB_LOCKGRAPH_OUT="$tmp/trace" RACELAB_LOCKGRAPH_SEED="$seed" \
		RACELAB_LOCKGRAPH_SCHED=pct LD_PRELOAD="$lib" "$tmp/$prog" >"$tmp/stdout" 2>/dev/null
	rc=$?
}
# The schedule: what must replay byte for byte.
schedule() { grep -E '^(schedcfg|sched|schedend|thread|exit|obj|stuck|thr|held) ' "$tmp/trace"; }
# first_seed PROG STATUS: the first seed in 1..200 whose run exits with STATUS
first_seed() {
	for s in $(seq 1 200); do
		run "$1" "$s"
		[ "$rc" = "$2" ] && { echo "$s"; return 0; }
	done
	return 1
}

case $case in
replay)
	# A failing seed replays: the same schedule, byte for byte, and the same failure, 20 times.
	build seats
	seed=$(first_seed seats 134) || fail "no schedule of 200 oversold the seat"
	run seats "$seed"
	schedule >"$tmp/want"
	grep -q '^sched ' "$tmp/want" || fail "no schedule recorded"
	for i in $(seq 1 20); do
		run seats "$seed"
		[ "$rc" = 134 ] || fail "seed $seed run $i: status $rc, not the assertion"
		schedule >"$tmp/got"
		cmp -s "$tmp/want" "$tmp/got" || fail "seed $seed run $i: another schedule"
	done
	# ... and a passing seed too, and two seeds do not all give the same schedule.
	run seats 1
	schedule >"$tmp/one"
	cmp -s "$tmp/one" "$tmp/want" && [ "$seed" != 1 ] && fail "seeds 1 and $seed: same schedule"
	;;
deadlock)
	# No enabled thread is a deadlock at once: the watchdog (hang_ms 60 s) never gets to it.
	build abba
	start=$(date +%s)
	seed=$(first_seed abba 86) || fail "no schedule of 200 deadlocked"
	run abba "$seed" RACELAB_LOCKGRAPH_HANG_MS=60000
	[ "$rc" = 86 ] || fail "seed $seed: status $rc"
	[ $(($(date +%s) - start)) -lt 30 ] || fail "the deadlock took the watchdog's time"
	grep -q '^stuck ms=0 ' "$tmp/trace" || fail "no immediate snapshot"
	grep -q '^held T. L. ' "$tmp/trace" || fail "the snapshot names no held lock"
	;;
spin)
	# A thread spinning on an atomic, with the turn, is preempted and the run says so.
	build spin
	run spin 1
	[ "$rc" = 0 ] || fail "status $rc"
	grep -q '^preempt T' "$tmp/trace" || fail "no preempt record"
	;;
fork)
	build fork
	for s in 1 2 3 4 5; do
		run fork "$s"
		[ "$rc" = 0 ] || fail "seed $s: status $rc ($(cat "$tmp/stdout"))"
		grep -q '^fork main pid=' "$tmp/trace" || fail "no fork record"
		grep -q '^fini' "$tmp/trace" || fail "the parent did not end normally"
	done
	;;
many)
	# 1100 threads in waves (more than the 1024 slots over the run): ends, and correctly.
	build many
	run_limit=60 run many 3
	[ "$rc" = 0 ] || fail "status $rc"
	grep -q '^schedend ' "$tmp/trace" || fail "no schedend"
	;;
nosync)
	# Never a sync point again: racelab ends it at its timeout, and nothing is left. Its thread
	# spins, so the run is busy, not blocked: analyze reports a run that did not finish while its
	# threads were running (a too-slow warning; a spin nobody ends and a long computation look
	# alike from outside), not a hang.
	build nosync
	cp "$src/nosync.c" "$tmp/nosync_prog.c"
	(cd "$tmp" && timeout 60 "$racelab" analyze --timeout 2 --explore 2 nosync_prog.c \
		>"$tmp/report" 2>&1)
	grep -q 'too-slow: did not finish within 2 s and was killed while its threads were running' \
		"$tmp/report" || fail "no timeout finding: $(cat "$tmp/report")"
	sleep 1
	pgrep -f "$tmp/" >/dev/null && fail "a process of the run is still there"
	;;
deadline)
	# Timed waits keep their deadlines under control: a 10 s wait does not time out at a sleep or
	# a fair turn, a 30 ms one does once its 30 ms have passed (sched/deadline.c).
	build deadline
	for s in 1 2 3 4 5; do
		run deadline "$s"
		[ "$rc" = 0 ] || fail "seed $s: status $rc ($(cat "$tmp/stdout"))"
		grep -q '^schedoff ' "$tmp/trace" && fail "seed $s: control given up"
	done
	;;
wrappers)
	# Every interposed family (tests/lockgraph/wrappers.c calls each one) works under control.
	gcc -g -O0 -pthread -o "$tmp/wrappers" "$src/../wrappers.c" || fail "cannot build wrappers"
	for s in 1 2 3 4 5; do
		run wrappers "$s"
		[ "$rc" = 0 ] || fail "seed $s: status $rc"
		grep -q '^schedend ' "$tmp/trace" || fail "seed $s: no schedend"
		grep -q '^schedoff ' "$tmp/trace" && fail "seed $s: control given up"
	done
	;;
*)
	fail "unknown case"
	;;
esac
echo "ok ($case)"
