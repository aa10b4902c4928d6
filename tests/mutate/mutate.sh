#!/bin/bash
# `make mutate`: breaks the product on purpose, one small change at a time, in a scratch copy of the
# kit, and runs the tests that should notice each; prints a table of caught and survived. A green
# `make test` is worth only what these prove: every mutation here must be caught.
#
# Each mutation is found by its code, not by file and line (files move, lines shift): a pattern,
# compared blank-insensitively, that must occur exactly once in checker/, tests/ or the given
# place. A pattern that is gone, or found twice, stops the script loudly ("mutation N: pattern not
# found"): a mutation that silently did not apply would read as caught or survived for nothing.
#
# Usage: tests/mutate/mutate.sh [FILTER]   (FILTER: an ERE on the mutation's description)
# MUTATE_DIR: the scratch copy (default a fresh /tmp/racelab-mutate.XXXXXX, removed at the end
# unless MUTATE_KEEP=1); kept and reused when given, so that its build is incremental.
# JOBS: build parallelism (default 2). MUTATE_DRY=1: only check that every pattern is found once
# (no build, no tests): a quick look after a refactor.
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
filter=${1:-}
jobs=${JOBS:-2}
if [ -n "${MUTATE_DIR:-}" ]; then
	scratch=$MUTATE_DIR
	mkdir -p "$scratch"
else
	scratch=$(mktemp -d /tmp/racelab-mutate.XXXXXX)
	[ -n "${MUTATE_KEEP:-}" ] || trap 'rm -rf "$scratch"' EXIT
fi
src=$scratch/src
build=$scratch/build
log=$scratch/log
mkdir -p "$src" "$log"

# The kit as it stands in this working tree (tracked and untracked-but-not-ignored files).
(cd "$root" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -C "$src" -xf -
# One repetition of the self-test: a mutation that the kit notices shows on the first.
[ -n "${MUTATE_DRY:-}" ] ||
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRACELAB_REPEAT=1 \
	>"$log/cmake" 2>&1 ||
	{ echo "mutate: cmake failed (see $log/cmake)"; exit 3; }

build_kit() {
	cmake --build "$build" -j "$jobs" >"$log/build" 2>&1
}

# find_unique PATTERN: prints the one file (relative to $src) holding PATTERN once, or fails.
find_unique() {
	(cd "$src" && find checker tests exercises solutions Makefile CMakeLists.txt -type f \
		! -path 'tests/mutate/*' \
		\( -name '*.c' -o -name '*.h' -o -name '*.supp' -o -name '*.cmake' -o -name '*.sh' \
		-o -name '*.ini' -o -name expect -o -name 'CMakeLists.txt' -o -name Makefile \) -print0 |
		xargs -0 perl -0777 -e '
			my $p = shift; $p =~ s/^\s+|\s+$//g;
			my $re = join("\\s+", map { quotemeta } split(/\s+/, $p));
			my @hits;
			for my $f (@ARGV) {
				open(my $fh, "<", $f) or next; local $/; my $s = <$fh>;
				my $n = () = $s =~ /$re/g;
				push @hits, "$f" x 1 for 1 .. $n;
			}
			print "$hits[0]\n" if @hits == 1;
			exit(@hits == 1 ? 0 : @hits ? 2 : 1);' -- "$1")
}

# apply FILE PATTERN REPLACEMENT: replaces the one match (blank-insensitive) in $src/FILE.
apply() {
	perl -0777 -i -e '
		my ($p, $r) = (shift, shift); $p =~ s/^\s+|\s+$//g;
		my $re = join("\\s+", map { quotemeta } split(/\s+/, $p));
		local $/; my $s = <>; $s =~ s/$re/$r/ or exit 1; print $s;' -- "$2" "$3" "$src/$1"
}

# The mutation being assembled: edits (file, backup) and moved-away paths.
edits=()
moved=()
errors=0
n=0
declare -a rows

# edit PATTERN REPLACEMENT: one change of the next mutation.
edit() {
	edits+=("$1" "$2")
}

# remove PATH: the next mutation moves PATH (relative to the kit) away.
remove() {
	moved+=("$1")
}

restore() {
	local f
	for f in "$log"/backup.*; do
		[ -e "$f" ] || continue
		cp -p "$f" "$src/$(cat "$f.path")" && touch "$src/$(cat "$f.path")"
		rm -f "$f" "$f.path"
	done
	for f in "${moved[@]}"; do
		mv "$scratch/moved/$(basename "$f")" "$src/$f"
	done
	rm -rf "$scratch/moved"
	edits=()
	moved=()
}

# mutation DESCRIPTION CTEST_REGEX: applies the edits and removals gathered since the last one,
# builds, runs the tests matching CTEST_REGEX and records whether they failed (caught).
mutation() {
	local what=$1 tests=$2 i file k=0 result
	n=$((n + 1))
	if [ -n "$filter" ] && ! printf '%s' "$what" | grep -Eq -- "$filter"; then
		edits=(); moved=(); return
	fi
	for ((i = 0; i < ${#edits[@]}; i += 2)); do
		if ! file=$(find_unique "${edits[i]}"); then
			echo "mutation $n: pattern not found (or not unique): ${edits[i]}" >&2
			rows+=("$(printf '| %2d | %s | %s | PATTERN NOT FOUND |' "$n" "$what" "$tests")")
			errors=$((errors + 1))
			restore
			return
		fi
		k=$((k + 1))
		cp -p "$src/$file" "$log/backup.$k"
		printf '%s' "$file" >"$log/backup.$k.path"
		apply "$file" "${edits[i]}" "${edits[i + 1]}"
	done
	mkdir -p "$scratch/moved"
	if [ -n "${MUTATE_DRY:-}" ]; then
		for file in "${moved[@]}"; do
			[ -e "$src/$file" ] ||
				{ echo "mutation $n: $file not found" >&2; errors=$((errors + 1)); }
		done
		rows+=("$(printf '| %2d | %s | %s | applies |' "$n" "$what" "$tests")")
		moved=()
		restore
		return
	fi
	for file in "${moved[@]}"; do
		if [ ! -e "$src/$file" ]; then
			echo "mutation $n: $file not found" >&2
			rows+=("$(printf '| %2d | %s | %s | PATH NOT FOUND |' "$n" "$what" "$tests")")
			errors=$((errors + 1))
			moved=()
			restore
			return
		fi
		mv "$src/$file" "$scratch/moved/$(basename "$file")"
	done
	if ! build_kit; then
		result="BUILD FAILED"
		errors=$((errors + 1))
		cp "$log/build" "$log/mutation-$n.build"
	elif (cd "$build" && ctest -R "$tests" --no-tests=error --output-on-failure -j "$jobs" \
		>"$log/mutation-$n" 2>&1); then
		result="SURVIVED"
		errors=$((errors + 1))
	else
		result="caught by $(sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) (\(Failed\|Timeout\))$/\1/p' \
			"$log/mutation-$n" | sort -u | paste -sd ' ' -)"
	fi
	rows+=("$(printf '| %2d | %s | %s | %s |' "$n" "$what" "$tests" "$result")")
	printf 'mutation %2d: %-60s %s\n' "$n" "$what" "$result"
	restore
}

if [ -z "${MUTATE_DRY:-}" ]; then
	echo "mutate: building the scratch copy in $scratch"
	build_kit || { echo "mutate: the unmutated kit does not build (see $log/build)"; exit 3; }
fi

. "$root/tests/mutate/mutations.sh"

# Every subset must pass on the unmutated kit, or "caught" would prove nothing.
if [ -z "${MUTATE_NO_BASELINE:-}" ] && [ -z "${MUTATE_DRY:-}" ]; then
	echo "mutate: baseline: the tests the mutations use, unmutated"
	if ! (cd "$build" && ctest -R "$baseline" --no-tests=error --output-on-failure -j "$jobs" \
		>"$log/baseline" 2>&1); then
		echo "mutate: the baseline fails (see $log/baseline): fix that first"
		tail -20 "$log/baseline"
		exit 3
	fi
fi
run_mutations

echo
echo "| # | mutation | tests run (ctest -R) | result |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
if [ "$errors" -ne 0 ]; then
	echo "mutate: $errors mutation(s) survived or could not be applied"
	exit 1
fi
if [ -n "${MUTATE_DRY:-}" ]; then
	echo "mutate: all ${#rows[@]} mutations apply (dry run: nothing built or tested)"
else
	echo "mutate: all ${#rows[@]} mutations caught"
fi
