#!/bin/sh
# Runs a command and checks how it ended, exactly: its exit status, and lines its output (stdout
# and stderr together) must hold. A test that expects a wrong answer must not pass on a crash or a
# usage error, which a bare "non-zero" (CTest's WILL_FAIL) would accept.
#   expect.sh --status N [--match ERE]... [--count ERE N]... [--skip-on ERE] -- COMMAND ARGS...
# --match: some line matches ERE. --count: exactly N lines match ERE. --skip-on: if the command
# exits 0 and a line matches ERE, the test is a skip (exit 77, the tests' SKIP_RETURN_CODE), not
# a pass: a workload that found nothing to measure did not pass anything.
# Exit status: 0 as expected, 1 not as expected, 2 usage, 77 skipped.
set -u
status="" checks="" skip=""
nl='
'
while [ $# -gt 0 ]; do
	case $1 in
	--status) status=$2; shift 2 ;;
	--match) checks="$checks${nl}m $2"; shift 2 ;;
	--count) checks="$checks${nl}c $3 $2"; shift 3 ;;
	--skip-on) skip=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "expect.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
if [ -z "$status" ] || [ $# -eq 0 ]; then
	echo "usage: expect.sh --status N [--match ERE]... [--count ERE N]... -- COMMAND..." >&2
	exit 2
fi

out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out" | tail -n 40
if [ -n "$skip" ] && [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -Eq -- "$skip"; then
	echo "expect.sh: SKIP: the output says: $(printf '%s\n' "$out" | grep -E -m1 -- "$skip")"
	exit 77
fi
bad=0
if [ "$rc" -ne "$status" ]; then
	echo "expect.sh: FAIL: exit status $rc, expected $status"
	bad=1
fi
# One check a line: "m ERE" or "c N ERE". Read from a here-document so that `bad` survives.
while IFS= read -r check; do
	[ -n "$check" ] || continue
	case $check in
	m\ *)
		re=${check#m }
		if ! printf '%s\n' "$out" | grep -Eq -- "$re"; then
			echo "expect.sh: FAIL: no line matches: $re"
			bad=1
		fi
		;;
	c\ *)
		rest=${check#c }
		want=${rest%% *}
		re=${rest#* }
		got=$(printf '%s\n' "$out" | grep -Ec -- "$re")
		if [ "$got" -ne "$want" ]; then
			echo "expect.sh: FAIL: $got lines match, expected $want: $re"
			bad=1
		fi
		;;
	esac
done <<EOF_CHECKS
$checks
EOF_CHECKS
[ "$bad" -eq 0 ] && echo "expect.sh: as expected (exit status $rc)"
exit "$bad"
