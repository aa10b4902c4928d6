#!/bin/sh
# The tracer exports exactly the functions of its LG_CALLS list: a wrapper missing from the list
# would never be checked by the wrappers test, and a listed one not exported is not interposed.
# Usage: exports.sh LIBLOCKGRAPH.so LG_CHECK
set -eu
lib=$1 check=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "W" || $2 == "i" { print $3 }' |
	sed 's/@.*//' | sort -u > "$tmp/exported"
"$check" --list-calls | sort -u > "$tmp/listed"
if ! cmp -s "$tmp/exported" "$tmp/listed"; then
	echo "FAIL: exported (<) and LG_CALLS (>) differ:"
	diff "$tmp/exported" "$tmp/listed" || true
	exit 1
fi
echo "PASSED: $(wc -l < "$tmp/listed") functions exported and listed"
