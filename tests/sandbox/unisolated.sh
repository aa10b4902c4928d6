#!/bin/sh
# Honest degradation: with no bubblewrap (RACELAB_BWRAP names a missing one), every report says
# the filesystem is not isolated, and `racelab grade` refuses a class unless --allow-unisolated.
# usage: unisolated.sh KIT_SOURCE_DIR RACELAB_BINARY
set -eu
root=$1
racelab=$2
. "$root/tests/grading/lib.sh"

need_solutions 01-lost-update
make_kit "$tmp/kit" 01-lost-update
mkdir -p "$tmp/sub/alice"
cp -R "$tmp/kit/exercises" "$tmp/sub/alice/"
cp "$root/solutions/01-lost-update/ledger.c" "$tmp/sub/alice/exercises/01-lost-update/"
export RACELAB_ROOT="$tmp/kit" NO_COLOR=1 RACELAB_BWRAP="$tmp/no-bwrap"
why="sandbox: filesystem not isolated: bubblewrap not found at '$tmp/no-bwrap'"

# check: the run happens, and its report says so in every format that carries notes (the JSON
# schema has no note field).
status=0
"$racelab" check 01 >"$tmp/check.txt" 2>&1 || status=$?
[ "$status" = 1 ] || { cat "$tmp/check.txt"; fail "check exited $status, expected 1"; }
grep -qF "note: $why" "$tmp/check.txt" || { cat "$tmp/check.txt"; fail "no note in check"; }
for fmt in tap junit gradescope; do
	"$racelab" check --format $fmt 01 >"$tmp/check.$fmt" 2>&1 || true
	grep -qF "$why" "$tmp/check.$fmt" || fail "no note in the $fmt report"
done

# grade: refused, with the reason, before any student is graded ...
status=0
"$racelab" grade --submissions "$tmp/sub" --out "$tmp/out" >"$tmp/grade.txt" 2>&1 || status=$?
[ "$status" = 3 ] || { cat "$tmp/grade.txt"; fail "grade exited $status, expected 3"; }
grep -qF "refusing to grade: $why" "$tmp/grade.txt" || { cat "$tmp/grade.txt"; fail "reason"; }
[ ! -e "$tmp/out/alice.json" ] || fail "alice was graded after all"

# ... unless the grader says so; then each student's report carries the note.
"$racelab" grade --submissions "$tmp/sub" --out "$tmp/out" --allow-unisolated \
	>"$tmp/grade.txt" 2>&1 || { cat "$tmp/grade.txt"; fail "grade --allow-unisolated failed"; }
grep -qF "$why" "$tmp/out/alice.txt" || { cat "$tmp/out/alice.txt"; fail "no note for alice"; }
grep -q 'alice: 1/1 exercises fixed' "$tmp/grade.txt" || { cat "$tmp/grade.txt"; fail "verdict"; }
echo "unisolated: ok"
