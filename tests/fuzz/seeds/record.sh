#!/bin/sh
# Records real compiler diagnostics (gcc and clang, as build.c runs them) into build/ as seeds for
# fuzz_build. Re-run after a compiler upgrade; the outputs are kept as the compilers wrote them.
set -u
cd "$(dirname "$0")"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for cc in gcc clang; do
	$cc -g -O0 -c broken.c -o "$tmp/a.o" >"build/$cc-syntax.txt" 2>&1
	$cc -g -O0 -c missing_header.c -o "$tmp/b.o" >"build/$cc-fatal.txt" 2>&1
	$cc -g -O0 link_error.c -o "$tmp/c" >"build/$cc-link.txt" 2>&1
	# The tmp path differs on every run; name it the same so re-recording changes nothing.
	sed -i "s|$tmp|/tmp/fuzzrec|g" build/$cc-*.txt
done
