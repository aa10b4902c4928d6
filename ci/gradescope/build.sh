#!/bin/sh
# `make gradescope`: dist/racelab-gradescope.zip, a Gradescope autograder. Gradescope unpacks it
# into /autograder/source, runs setup.sh once to build the image, then run_autograder for each
# submission. The kit inside has no solutions (ci/stage.sh): the grader never needs them.
# usage: ci/gradescope/build.sh [KIT_ROOT]   (DIST_DIR overrides the output folder)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "${1:-$here/../..}" && pwd)
dist=${DIST_DIR:-$root/dist}
work=$(mktemp -d "${TMPDIR:-/tmp}/racelab-gradescope.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

sh "$root/ci/stage.sh" "$root" "$work/zip"
cp "$here/setup.sh" "$here/run_autograder" "$work/zip/"
chmod 755 "$work/zip/setup.sh" "$work/zip/run_autograder"
mkdir -p "$dist"
rm -f "$dist/racelab-gradescope.zip"
# Sorted entries and no extra attributes (-X) so the same kit gives the same zip.
(cd "$work/zip" && find . -type f | sed 's|^\./||' | LC_ALL=C sort |
	zip -q -X -@ "$dist/racelab-gradescope.zip")
echo "gradescope: $dist/racelab-gradescope.zip"
