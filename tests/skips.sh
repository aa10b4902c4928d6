#!/bin/sh
# The closing line of `make test`: what CTest skipped, and why, from the summary CTest printed
# (CTEST_OUT) and each skipped test's own `skipped: REASON` line in its log. Writes the same list,
# one `TEST<TAB>REASON` line each, to BUILD/Testing/skips.txt for .ci/run.
# Usage: skips.sh BUILD CTEST_OUT
build=$1
ctest_out=$2
log=$build/Testing/Temporary/LastTest.log
list=$build/Testing/skips.txt
: >"$list"
# CTest lists them as "	 12 - unit/test_cuda (Skipped)".
sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) (Skipped)$/\1/p' "$ctest_out" | while IFS= read -r t; do
	reason=$(awk -v t="$t" '
		$0 ~ /^[0-9]+\/[0-9]+ Test: / { cur = $3 }
		cur == t && /^skipped: / { sub(/^skipped: /, ""); r = $0 }
		cur == t && r == "" && /SKIP: / { sub(/^.*SKIP: /, ""); r = $0 }
		END { print r }' "$log")
	printf '%s\t%s\n' "$t" "${reason:-no reason given}" >>"$list"
done
if [ -s "$list" ]; then
	printf 'skipped: %s\n' "$(awk -F '\t' '{ printf "%s%s (%s)", (NR > 1 ? "; " : ""), $1, $2 }' \
		"$list")"
else
	echo "skipped: nothing"
fi
