#!/bin/sh
# End to end for Gradescope: build the autograder zip, unpack it into a scratch /autograder-like
# tree, run setup.sh there (building racelab; the Debian packages are already here), put a
# submission in, run run_autograder with AUTOGRADER_ROOT, and check results.json.
# usage: gradescope_e2e.sh KIT_SOURCE_DIR
set -eu
root=$1
. "$(dirname "$0")/lib.sh"

need_solutions 01-lost-update
DIST_DIR=$tmp/dist sh "$root/ci/gradescope/build.sh" "$root"
zip=$tmp/dist/racelab-gradescope.zip
unzip -l "$zip" | grep -q ' setup.sh$' || fail "no setup.sh at the zip's root"
unzip -l "$zip" | grep -q ' run_autograder$' || fail "no run_autograder at the zip's root"
unzip -l "$zip" | grep -Eq ' (solutions|tests/kit/lazy)/' && fail "the zip holds solutions"

ag=$tmp/autograder
mkdir -p "$ag/source" "$ag/submission"
(cd "$ag/source" && unzip -q "$zip")
# Grade one exercise only: the whole course would take minutes here.
for d in "$ag/source/exercises"/*/; do
	case "$(basename "$d")" in common | 01-lost-update) ;; *) rm -rf "$d" ;; esac
done
# And no [perf] section, as in lib.sh's make_kit: a speedup measured here depends on the load.
ini=$ag/source/exercises/01-lost-update/exercise.ini
awk '/^\[/ { skip = ($0 ~ /^\[perf\]/) } !skip' "$ini" >"$ini.new" && mv "$ini.new" "$ini"
RACELAB_SKIP_APT=1 bash "$ag/source/setup.sh"

# The submission: a student's repository, the fixed ledger.c among other files of theirs.
mkdir -p "$ag/submission/exercises/01-lost-update"
cp "$root/solutions/01-lost-update"/*.c "$ag/submission/exercises/01-lost-update/"
echo "my notes" >"$ag/submission/NOTES.md"

AUTOGRADER_ROOT=$ag bash "$ag/source/run_autograder" || fail "run_autograder exited $?"
res=$ag/results/results.json
[ -s "$res" ] || fail "no results.json"
json_ok "$res"
json_has "$res" score max_score output tests
grep -q '"name": "01-lost-update"' "$res" || fail "results.json: no test for 01"
grep -q '"status": "passed"' "$res" || fail "results.json: the solution did not pass"
score=$(sed -n 's/^  "score": \([0-9]*\),$/\1/p' "$res")
max=$(sed -n 's/^  "max_score": \([0-9]*\),$/\1/p' "$res")
[ -n "$score" ] && [ "$score" = "$max" ] && [ "$score" -gt 0 ] || fail "score $score/$max"
echo "gradescope_e2e: ok ($score/$max)"
