#!/usr/bin/env bash
# Gradescope runs this once, as root, in /autograder/source, to build the autograder image:
# the Debian packages racelab needs (Gradescope's base images are Ubuntu; the names are the same),
# then the racelab binary and its lock tracer.
# RACELAB_SKIP_APT=1 skips the packages (the tests, on a machine that has them).
set -euo pipefail

src=$(cd "$(dirname "$0")" && pwd)
if [ "${RACELAB_SKIP_APT:-0}" != 1 ]; then
	sh "$src/scripts/deps.sh"
fi
cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$src/build" --target racelab -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
"$src/build/racelab" --version
