#!/bin/sh
# Records real compiler diagnostics (gcc and clang, with build.c's -g -O0) into build/ as seeds for
# fuzz_build and fuzz_cuda_nvcc. Re-run after a compiler upgrade; outputs are kept as written,
# except the temporary directory's name, made constant so re-recording changes nothing else.
set -u
cd "$(dirname "$0")"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for cc in gcc clang; do
	$cc -g -O0 -c broken.c -o "$tmp/broken.o" >"build/$cc-syntax.txt" 2>&1
	$cc -g -O0 -c missing_header.c -o "$tmp/missing_header.o" >"build/$cc-fatal.txt" 2>&1
	$cc -g -O0 -c link_error.c -o "$tmp/link_error.o" &&
		$cc "$tmp/link_error.o" -o "$tmp/link_error" >"build/$cc-link.txt" 2>&1
	sed -i "s|$tmp|/tmp/fuzzrec|g" build/$cc-*.txt
done
