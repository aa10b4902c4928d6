#!/bin/sh
# Runs a command and checks exactly how it ended, for CTest tests that would otherwise trust any
# non-zero status (WILL_FAIL: a usage error or a crash would do) or any zero one (a skip shown as
# a pass).
# Usage: run_expect.sh [--status N] [--match ERE]... [--skip-if ERE REASON] -- COMMAND...
#   --status N        the exit status it must end with (default 0)
#   --match ERE       a line its output (stdout and stderr) must hold
#   --skip-if ERE R   when it ended as expected and its output holds ERE, the test is a skip:
#                     prints `skipped: R` and exits 77 (the tests' SKIP_RETURN_CODE)
want=0; matches=""; skip_re=""; skip_reason=""
while [ $# -gt 0 ]; do
	case $1 in
	--status) want=$2; shift 2 ;;
	--match) matches="$matches$2
"; shift 2 ;;
	--skip-if) skip_re=$2; skip_reason=$3; shift 3 ;;
	--) shift; break ;;
	*) echo "run_expect: bad option $1" >&2; exit 2 ;;
	esac
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>&1
rc=$?
cat "$out"
if [ "$rc" -ne "$want" ]; then
	echo "run_expect: exit status $rc, expected $want"
	exit 1
fi
fail=0
printf '%s' "$matches" | while IFS= read -r re; do
	[ -n "$re" ] || continue
	grep -Eq -- "$re" "$out" || { echo "run_expect: no line matches: $re"; exit 1; }
done || fail=1
[ "$fail" -eq 0 ] || exit 1
if [ -n "$skip_re" ] && grep -Eq -- "$skip_re" "$out"; then
	echo "skipped: $skip_reason"
	exit 77
fi
exit 0
