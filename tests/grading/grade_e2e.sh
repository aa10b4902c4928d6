#!/bin/sh
# End to end: three synthetic students graded by `racelab grade`. One copied the solutions into a
# repository from before the ladder was renumbered (03-refcount-race still named 02-...), one
# changed nothing, one solved 01 honestly and, for 03, edited only exercise.ini (a file the
# manifest does not mark editable) so that a naive checker would pass it. Expected: full marks,
# zero, and 01's points alone for the third, with exercise.ini named as ignored.
# usage: grade_e2e.sh KIT_SOURCE_DIR RACELAB_BINARY
set -eu
root=$1
racelab=$2
. "$(dirname "$0")/lib.sh"

need_solutions 01-lost-update 03-refcount-race
make_kit "$tmp/kit" 01-lost-update 03-refcount-race
sub=$tmp/submissions

# copier: their exercises/ with both reference solutions.
mkdir -p "$sub/copier"
cp -R "$tmp/kit/exercises" "$sub/copier/"
for ex in 01-lost-update 03-refcount-race; do
	for f in "$root/solutions/$ex"/*.c; do
		cp "$f" "$sub/copier/exercises/$ex/"
	done
done
# Their repository dates from before the renumbering (issue 17): 03-refcount-race was 02 then.
mv "$sub/copier/exercises/03-refcount-race" "$sub/copier/exercises/02-refcount-race"

# nochange: the exercises as handed out.
mkdir -p "$sub/nochange"
cp -R "$tmp/kit/exercises" "$sub/nochange/"

# cheater: a repository with the exercises deeper down; 01 solved; 03's manifest gutted.
mkdir -p "$sub/cheater/repo/course"
cp -R "$tmp/kit/exercises" "$sub/cheater/repo/course/"
cp "$root/solutions/01-lost-update"/*.c "$sub/cheater/repo/course/exercises/01-lost-update/"
cat > "$sub/cheater/repo/course/exercises/03-refcount-race/exercise.ini" <<'INI'
[exercise]
title = The document printed after it was freed
concept = nothing to see
sources = render.c
editable = render.c
[expect]
findings = crash
[check]
tsan = off
helgrind = off
lockgraph = off
INI

RACELAB_ROOT=$tmp/kit NO_COLOR=1 "$racelab" grade --submissions "$sub" --jobs 2 \
	--csv "$tmp/grades.csv" --out "$tmp/out" >"$tmp/stdout" 2>"$tmp/stderr" ||
	{ status=$?; cat "$tmp/stdout" "$tmp/stderr"; fail "racelab grade exited $status"; }
cat "$tmp/stdout"
echo "--- grades.csv"
cat "$tmp/grades.csv"

head -1 "$tmp/grades.csv" | grep -qx 'student,01-lost-update,03-refcount-race,total,max' ||
	fail "gradebook header"
row() { grep "^$1," "$tmp/grades.csv" || fail "no row for $1"; }
# shellcheck disable=SC2046 # split the CSV row into positional parameters
set -- $(row copier | tr ',' ' ')
[ "$4" -gt 0 ] && [ "$4" = "$5" ] || fail "copier: $4/$5, expected full marks"
max=$5
copier01=$2
set -- $(row nochange | tr ',' ' ')
[ "$4" = 0 ] && [ "$5" = "$max" ] || fail "nochange: $4/$5, expected 0/$max"
set -- $(row cheater | tr ',' ' ')
[ "$2" = "$copier01" ] || fail "cheater: 01 earned $2, the honest fix earns $copier01"
[ "$3" = 0 ] || fail "cheater: 03 earned $3 by editing exercise.ini"
[ "$4" = "$copier01" ] || fail "cheater: total $4, expected $copier01"

# The ignored file is named, in the output and in the student's text report.
grep -A3 '^cheater:' "$tmp/stdout" | grep -q '03-refcount-race: .*ignored.*exercise.ini' ||
	fail "the ignored exercise.ini is not named for cheater"
grep -q 'ignored.*exercise.ini' "$tmp/out/cheater.txt" || fail "cheater.txt does not name it"
grep -q 'exercise.ini' "$tmp/out/copier.txt" && fail "copier: exercise.ini named, not edited"

for s in copier nochange cheater; do
	json_ok "$tmp/out/$s.json"
	json_has "$tmp/out/$s.json" schema racelab student results summary
	grep -q "\"student\": \"$s\"" "$tmp/out/$s.json" || fail "$s.json: student"
done
echo "grade_e2e: ok (copier $max/$max, nochange 0/$max, cheater $copier01/$max)"
