#!/bin/sh
# The checker's house rules (README, "Layout"), proved on the tree as it is:
# - at most two .c files directly in checker/, at least six part folders;
# - the include graph between part folders has no cycle;
# - the tracer includes nothing from the other parts, and nothing includes cli/;
# - a folder's *_int.h is included only from inside that folder;
# - no backend's *_detector ops object is named outside checker/detect/ (nor by the tests);
# - no .c file of the checker is over 800 lines.
# Prints every violation, then "layout: N violations"; exits 1 when there is any.
set -eu
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"
bad=0
fail() { echo "layout: $*"; bad=$((bad + 1)); }

flat=$(find checker -maxdepth 1 -name '*.c' | wc -l)
[ "$flat" -le 2 ] || fail "$flat .c files directly in checker/ (at most 2)"
parts=$(find checker -mindepth 1 -maxdepth 1 -type d | wc -l)
[ "$parts" -ge 6 ] || fail "$parts part folders in checker/ (at least 6)"

# One edge "FROM TO" per include that crosses folders; a quoted name without a '/' is in the
# including file's own folder.
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for f in $(find checker -name '*.c' -o -name '*.h' | sort); do
	part=$(echo "$f" | cut -d/ -f2)
	dir=$(dirname "$f")
	grep -o '^#include "[^"]*"' "$f" | sed 's/^#include "//; s/"$//' | while read -r inc; do
		case "$inc" in
		*/*) to=$(echo "$inc" | cut -d/ -f1); target="checker/$inc" ;;
		*) to=$part; target="$dir/$inc" ;;
		esac
		[ -f "$target" ] || { echo "MISSING $f $inc"; continue; }
		case "$inc" in
		*_int.h)
			tdir=$(dirname "$target")
			case "$dir/" in "$tdir"/*) ;; *) echo "INT $f $inc" ;; esac ;;
		esac
		[ "$to" = "$part" ] || echo "EDGE $part $to $f"
	done
done >"$edges"

while read -r what a b c; do
	case "$what" in
	MISSING) fail "$a includes \"$b\", which is not there (includes name their part)" ;;
	INT) fail "$a includes $b from outside its folder" ;;
	EDGE)
		[ "$a" = tracer ] && fail "the tracer includes from $b ($c)"
		[ "$b" = cli ] && fail "$c includes the CLI's folder"
		;;
	esac
done <"$edges"

# A cycle between folders: the transitive closure of the edges, by repeated joins (small graph).
pairs=$(awk '$1 == "EDGE" { print $2, $3 }' "$edges" | sort -u)
closure=$pairs
while :; do
	next=$( (echo "$closure"; echo "$closure" | while read -r a b; do
		echo "$pairs" | awk -v a="$a" -v b="$b" '$1 == b { print a, $2 }'
	done) | sed '/^$/d' | sort -u)
	[ "$next" = "$closure" ] && break
	closure=$next
done
echo "$closure" | awk '$1 == $2 { print $1 }' | while read -r p; do
	echo "layout: folder $p is on an include cycle:" \
	     "$(echo "$pairs" | awk -v p="$p" '$1 == p || $2 == p' | tr '\n' ';')"
done | grep . && bad=$((bad + 1))

named=$(grep -rn '[a-z]*_detector\b' checker tests --include='*.c' --include='*.h' |
	grep -v '^checker/detect/' | grep -E '\b(tsan|helgrind|lockgraph|plain|cuda)_detector\b' || true)
[ -z "$named" ] || fail "a backend named outside checker/detect/: $(echo "$named" | head -3)"

for f in $(find checker -name '*.c'); do
	n=$(wc -l <"$f")
	[ "$n" -le 800 ] || fail "$f has $n lines (at most 800: split it by concept)"
done

echo "layout: $bad violations"
[ "$bad" -eq 0 ]
