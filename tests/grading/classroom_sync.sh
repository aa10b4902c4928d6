#!/bin/sh
# The committed GitHub Classroom workflow has one grader per exercise with the manifest's points:
# it is what ci/classroom.sh makes of the course now. A new exercise, or new points, without
# `make classroom` fails here rather than in a teacher's first autograded push.
# usage: classroom_sync.sh KIT_SOURCE_DIR
set -eu
root=$1
want=$(mktemp)
trap 'rm -f "$want"' EXIT
sh "$root/ci/classroom.sh" "$root" >"$want"
if ! diff -u "$root/.github/workflows/classroom.yml" "$want"; then
	echo "FAIL: .github/workflows/classroom.yml is out of step with the course: run make classroom"
	exit 1
fi
n=$(grep -c 'autograding-command-grader' "$want")
cuda=$(grep -l '^cuda *= *yes' "$root"/exercises/[0-9][0-9]-*/exercise.ini | wc -l)
all=$(ls -d "$root"/exercises/[0-9][0-9]-*/ | wc -l)
[ "$n" -eq $((all - cuda)) ] || { echo "FAIL: $n graders for $((all - cuda)) CPU exercises"; exit 1; }
echo "ok: $n graders"
