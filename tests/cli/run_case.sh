#!/usr/bin/env bash
# Runs one CLI case file: `cmd:` (with `racelab` standing for the binary under test), `exit:`,
# and any number of `stdout:`/`stderr:` (ERE that must match) and `!stdout:`/`!stderr:` (must not).
# Commands run in a scratch directory; $CLI is this directory (progs/, kits/).
# `json:` lines are jq expressions that must be true of stdout, a single JSON document: every
# value they yield must be true, and there must be one. `after:` lines are shell commands that
# must succeed afterwards (e.g. nothing left running).
set -u
racelab=$1
case_file=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmd=$(sed -n 's/^cmd: //p' "$case_file")
want_exit=$(sed -n 's/^exit: //p' "$case_file")
max_seconds=$(sed -n 's/^max_seconds: //p' "$case_file")
# `racelab` as a word (start, after a blank or a shell operator) stands for the binary under test.
cmd=$(printf '%s' "$cmd" | sed -E "s#(^|[ ;&|(])racelab( |$)#\1$racelab\2#g")

cd "$work" || exit 1
export CLI=$here
start=$(date +%s%N)
RACELAB_TEST_WORK=$work NO_COLOR=1 bash -c "$cmd" >"$work/stdout" 2>"$work/stderr" </dev/null
got_exit=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))

fail=0
if [ "$got_exit" != "$want_exit" ]; then
	echo "exit status $got_exit, expected $want_exit"
	fail=1
fi
if [ -n "$max_seconds" ] && [ "$elapsed_ms" -gt $((max_seconds * 1000)) ]; then
	echo "took ${elapsed_ms} ms, more than ${max_seconds} s"
	fail=1
fi
while IFS= read -r line; do
	case "$line" in
	stdout:\ *|stderr:\ *)
		stream=${line%%:*}; re=${line#*: }
		grep -Eq -- "$re" "$work/$stream" || { echo "$stream does not match: $re"; fail=1; } ;;
	!stdout:\ *|!stderr:\ *)
		stream=${line%%:*}; stream=${stream#!}; re=${line#*: }
		if grep -Eq -- "$re" "$work/$stream"; then echo "$stream matches: $re"; fail=1; fi ;;
	json:\ *)
		# Judged on the whole output: exactly one JSON document (jq 1.6's -e passes an empty
		# input), and every value the expression yields true, with at least one (-e alone
		# judges only the last value of a stream).
		expr=${line#json: }
		jq -e -s "length == 1 and ([.[0] | ($expr)] | length > 0 and all(. == true))" \
			"$work/stdout" >/dev/null 2>&1 || { echo "json is not true: $expr"; fail=1; } ;;
	after:\ *)
		check=${line#after: }
		RACELAB_TEST_WORK=$work bash -c "$check" || { echo "after check failed: $check"; fail=1; } ;;
	esac
done <"$case_file"

if [ "$fail" -ne 0 ]; then
	echo "--- command: $cmd"
	echo "--- stdout:"; head -c 4000 "$work/stdout"
	echo "--- stderr:"; head -c 4000 "$work/stderr"
	exit 1
fi
echo "ok ($elapsed_ms ms)"
