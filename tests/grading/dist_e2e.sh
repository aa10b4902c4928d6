#!/bin/sh
# `make dist`: the student tarball holds no solution (not by name, not by content), and builds and
# checks on its own: the racelab it builds lists the course and checks an exercise.
# usage: dist_e2e.sh KIT_SOURCE_DIR
set -eu
root=$1
. "$(dirname "$0")/lib.sh"

DIST_DIR=$tmp/dist sh "$root/ci/dist.sh" "$root"
tarball=$tmp/dist/racelab-student.tar.gz
tar -tzf "$tarball" >"$tmp/list"
grep -Eq '^racelab-student/(solutions|tests/kit/lazy)(/|$)' "$tmp/list" &&
	fail "the tarball holds solutions/ or tests/kit/lazy/"
grep -Eq '^racelab-student/(build[^/]*|\.git|\.helpers)/|(^|/)\.git/' "$tmp/list" && fail "build outputs or history in it"
grep -qx 'racelab-student/CMakeLists.txt' "$tmp/list" || fail "no CMakeLists.txt"
grep -qx 'racelab-student/Makefile.ci' "$tmp/list" || fail "no Makefile.ci"

tar -C "$tmp" -xzf "$tarball"
kit=$tmp/racelab-student
if [ -d "$root/solutions" ]; then
	find "$root/solutions" -type f -name '*.[ch]' -exec sha256sum {} + | awk '{print $1}' |
		sort -u >"$tmp/solution-hashes"
	find "$kit" -type f -exec sha256sum {} + | awk '{print $1}' | sort -u >"$tmp/kit-hashes"
	[ -z "$(comm -12 "$tmp/solution-hashes" "$tmp/kit-hashes")" ] ||
		fail "a file of the tarball has a solution's content"
fi

cmake -S "$kit" -B "$kit/build" >/dev/null
cmake --build "$kit/build" --target racelab -j 2 >/dev/null
(cd "$kit" && NO_COLOR=1 build/racelab list) >"$tmp/listed" || fail "racelab list failed"
first=$(ls "$kit/exercises" | grep '^[0-9]' | head -1)
grep -q "$first" "$tmp/listed" || fail "racelab list does not show $first"
set +e
(cd "$kit" && NO_COLOR=1 build/racelab check "$first") >"$tmp/check" 2>&1
status=$?
set -e
cat "$tmp/check"
# As shipped every exercise is broken: 1 is the expected answer; 0, 2 or 3 are not.
[ "$status" = 1 ] || fail "racelab check $first exited $status in the student kit"
echo "dist_e2e: ok"
