#!/bin/sh
# End to end for CI autograding: `racelab grade --self` on a scratch kit writes the four reports,
# and each is what its reader accepts: junit.xml validates against the JUnit schema shipped in
# tests/fixtures/junit/, tap.txt parses with prove, results.json has Gradescope's fields,
# racelab.json is findings JSON schema 1. Once as shipped (a fail; --strict exits 1), once with a
# solution overlaid (a pass).
# usage: self_e2e.sh KIT_SOURCE_DIR RACELAB_BINARY
set -eu
root=$1
racelab=$2
. "$(dirname "$0")/lib.sh"

need_solutions 01-lost-update
make_kit "$tmp/kit" 01-lost-update
mkdir -p "$tmp/submission/exercises/01-lost-update"
cp "$root/solutions/01-lost-update"/*.c "$tmp/submission/exercises/01-lost-update/"

check_reports() {
	dir=$1
	verdict=$2
	for f in junit.xml results.json racelab.json tap.txt; do
		[ -s "$dir/$f" ] || fail "$dir/$f missing"
	done
	xmllint --noout --schema "$root/tests/fixtures/junit/junit.xsd" "$dir/junit.xml" ||
		fail "junit.xml does not validate"
	perl "$root/tests/grading/tap_check.pl" "$dir/tap.txt" || fail "tap.txt does not parse"
	json_ok "$dir/results.json"
	json_has "$dir/results.json" score max_score output tests
	grep -q '"visibility": "visible"' "$dir/results.json" || fail "results.json: visibility"
	json_ok "$dir/racelab.json"
	json_has "$dir/racelab.json" schema racelab results summary
	grep -q "\"verdict\": \"$verdict\"" "$dir/racelab.json" || fail "racelab.json: not a $verdict"
}

cd "$tmp/kit"
set +e
RACELAB_ROOT=$tmp/kit NO_COLOR=1 "$racelab" grade --self --strict --out "$tmp/broken" \
	>"$tmp/broken.txt" 2>&1
status=$?
set -e
cat "$tmp/broken.txt"
[ "$status" = 1 ] || fail "--strict on a broken exercise exited $status, not 1"
check_reports "$tmp/broken" fail
grep -q '0/1 exercises fixed' "$tmp/broken.txt" || fail "no summary line"
grep -q '^ledger\.c:[0-9]*:[0-9]*: data-race: ' "$tmp/broken.txt" ||
	fail "no compiler-style data-race diagnostic"
grep -c '<failure' "$tmp/broken/junit.xml" | grep -qx 1 || fail "junit.xml: expected one failure"

RACELAB_ROOT=$tmp/kit NO_COLOR=1 "$racelab" grade --self --strict \
	--overlay "$tmp/submission" --out "$tmp/fixed" >"$tmp/fixed.txt" 2>&1 ||
	{ status=$?; cat "$tmp/fixed.txt"; fail "grading the solution exited $status"; }
check_reports "$tmp/fixed" pass
grep -q '1/1 exercises fixed' "$tmp/fixed.txt" || fail "the solution does not pass"
# Colour: on a terminal, and never with NO_COLOR (script(1) gives racelab a pseudo-terminal).
if command -v script >/dev/null 2>&1; then
	cmd="$racelab grade --self --overlay $tmp/submission --out $tmp/tty"
	env -u NO_COLOR RACELAB_ROOT="$tmp/kit" TERM=xterm script -qec "$cmd" /dev/null \
		>"$tmp/tty.txt" 2>&1 || true
	grep -q "$(printf '\033')\[" "$tmp/tty.txt" || fail "no colour on a terminal"
	NO_COLOR=1 RACELAB_ROOT="$tmp/kit" TERM=xterm script -qec "$cmd" /dev/null \
		>"$tmp/tty.txt" 2>&1 || true
	grep -q '1/1 exercises fixed' "$tmp/tty.txt" || fail "no summary on a terminal"
	grep -q "$(printf '\033')\[[0-9;]*m" "$tmp/tty.txt" && fail "colour despite NO_COLOR"
fi
echo "self_e2e: ok"
