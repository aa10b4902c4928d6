#!/bin/sh
# Installs the Debian packages racelab needs, only those missing. As root it runs apt-get; as
# anyone else it prints the exact sudo line and exits 1. A second run does nothing.
set -eu

# libclang-rt-14-dev holds the TSan and libFuzzer runtimes: clang-14 only recommends it, and
# recommends are not installed here. libomp-dev brings LLVM's Archer for TSan on OpenMP.
# perl brings `prove` (the TAP test), libxml2-utils `xmllint` (the JUnit test). python3 and
# python3-dev: exercise 23 builds a CPython extension (the headers) that /usr/bin/python3 runs.
# bubblewrap gives each run its own view of the filesystem (checker/run/sandbox_view.c).
# libdw-dev (elfutils) names locks inside arrays and structs from DWARF. chromium: the browser
# tests of the HTML pages and timelines; tmux: the test of watch's keys; munge, slurmctld, slurmd
# and slurm-client: a one-node Slurm that grading/slurm-array starts.
PACKAGES="build-essential cmake pkg-config clang llvm libclang-rt-14-dev libomp-dev valgrind
graphviz gnuplot-nox libcmocka-dev libinih-dev libjansson-dev libexpat1-dev libxml2-utils binutils
perl jq zip unzip bc python3 python3-dev bubblewrap libdw-dev chromium tmux munge slurmctld
slurmd slurm-client"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "deps: all installed"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing:$missing"
	echo "deps: run this, then \`make deps\` again:"
	echo "  sudo apt-get update && sudo apt-get install -y$missing"
	exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # the list is meant to split into words
apt-get install -y -qq --no-install-recommends $missing
