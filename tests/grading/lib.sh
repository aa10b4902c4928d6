# Shared by the grading end-to-end scripts: a scratch directory, a scratch kit, and checks.
# Sourced, not run. Callers set root (the kit's source tree) before sourcing.

tmp=$(mktemp -d "${TMPDIR:-/tmp}/racelab-grading.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Exit status 77 tells CTest the test was skipped (SKIP_RETURN_CODE): a student tarball has no
# solutions/, and these tests need a solved submission.
need_solutions() {
	for ex in "$@"; do
		if [ ! -d "$root/solutions/$ex" ] || [ ! -d "$root/exercises/$ex" ]; then
			echo "SKIP: needs exercises/$ex and solutions/$ex (a student kit has no solutions)"
			exit 77
		fi
	done
}

# make_kit DIR EX...: a kit holding only the named exercises (and common/), so a test grades two
# exercises rather than the whole course.
make_kit() {
	kit=$1
	shift
	mkdir -p "$kit/exercises"
	cp -R "$root/exercises/common" "$kit/exercises/"
	for ex in "$@"; do
		cp -R "$root/exercises/$ex" "$kit/exercises/"
		# No [perf] section: these tests are about grading, and a speedup measured on a loaded
		# two-core machine would make "full marks" depend on the load (partial credit for
		# too-slow is tested in tests/unit/test_grade.c).
		awk '/^\[/ { skip = ($0 ~ /^\[perf\]/) } !skip' "$root/exercises/$ex/exercise.ini" \
			>"$kit/exercises/$ex/exercise.ini"
	done
}

# A JSON file parses (jq, else python3; one of them is on every CI image we ship for).
json_ok() {
	if command -v jq >/dev/null 2>&1; then
		jq -e . "$1" >/dev/null || fail "$1 is not valid JSON"
	elif command -v python3 >/dev/null 2>&1; then
		python3 -m json.tool "$1" >/dev/null || fail "$1 is not valid JSON"
	else
		fail "neither jq nor python3 to check $1"
	fi
}

# json_has FILE FIELD...: each top-level field is present.
json_has() {
	f=$1
	shift
	for k in "$@"; do
		grep -q "^  \"$k\":" "$f" || fail "$f lacks \"$k\""
	done
}
