#!/bin/sh
# `make dist`: dist/racelab-student.tar.gz, the kit for students: everything but the reference
# solutions and whatever else gives fixes away (see ci/stage.sh for the list and the proof).
# It unpacks to racelab-student/, which builds and runs `make deps && make check` on its own; the
# kit's own tests (`make test`) skip what needs solutions/.
# usage: ci/dist.sh [KIT_ROOT]   (DIST_DIR overrides the output folder, default KIT_ROOT/dist)
set -eu

root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
dist=${DIST_DIR:-$root/dist}
name=racelab-student
work=$(mktemp -d "${TMPDIR:-/tmp}/racelab-dist.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

sh "$root/ci/stage.sh" "$root" "$work/$name"
mkdir -p "$dist"
# Reproducible: sorted names, fixed owner, no timestamps from this machine in the gzip header.
tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner -cf - "$name" |
	gzip -n >"$dist/$name.tar.gz"
echo "dist: $dist/$name.tar.gz ($(tar -tzf "$dist/$name.tar.gz" | grep -vc '/$') files)"
