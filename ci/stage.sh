#!/bin/sh
# Copies the kit into a staging directory for a student tarball or an autograder zip, leaving out
# everything that gives fixes away, and then proves it left nothing: no file of the staged tree may
# have the content of a reference solution.
# usage: ci/stage.sh KIT_ROOT STAGE_DIR
#
# Left out, and why:
#   solutions/        the reference fixes and their WHY.md
#   tests/kit/lazy/   the "lazy fix" overlays of the self-test: each is a partial fix
#   build*/ dist/ reports/ bench/ .racelab/ graphs' generated files: build outputs and local state
#   .git/ .helpers/   history (which holds solutions) and the development machinery
set -eu

root=$(cd "$1" && pwd)
stage=$2
mkdir -p "$stage"
stage=$(cd "$stage" && pwd)

leaks() {
	case "$1" in
	solutions | solutions/* | tests/kit/lazy | tests/kit/lazy/*) return 0 ;;
	build | build/* | build-* | build-*/* | dist | dist/* | reports | reports/*) return 0 ;;
	bench/* | .racelab | .racelab/* | .git | .git/* | .helpers | .helpers/*) return 0 ;;
	graphs/*.svg | graphs/*.dot | graphs/grade/*) return 0 ;;
	*.o | *.so | *.a | *.log) return 0 ;;
	esac
	return 1
}

# The file list: git's view when this is a repository (tracked files and untracked ones that
# .gitignore does not exclude), else every file.
list_files() {
	if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$root" ls-files --cached --others --exclude-standard
	else
		(cd "$root" && find . -type f ! -path './.git/*' | sed 's|^\./||')
	fi
}

list_files | sort -u | while IFS= read -r f; do
	leaks "$f" && continue
	[ -f "$root/$f" ] || continue # listed by git but deleted in the work tree
	mkdir -p "$stage/$(dirname "$f")"
	cp -p "$root/$f" "$stage/$f"
done
# bench/ holds outputs only, except its driver files when they live there.
if [ -d "$root/bench" ]; then
	(cd "$root" && find bench -maxdepth 1 -type f \( -name '*.sh' -o -name '*.md' \) 2>/dev/null) |
		while IFS= read -r f; do
			mkdir -p "$stage/bench"
			cp -p "$root/$f" "$stage/$f"
		done
fi

# The proof: hash every solution file and look for the same content anywhere in the stage.
if [ -d "$root/solutions" ]; then
	find "$root/solutions" -type f -name '*.[ch]' -exec sha256sum {} + | awk '{print $1}' |
		sort -u >"$stage/.solution-hashes"
	find "$stage" -type f ! -name .solution-hashes -exec sha256sum {} + |
		awk '{print $1, $2}' | sort >"$stage/.stage-hashes"
	found=$(awk 'NR == FNR { bad[$1] = 1; next } ($1 in bad) { print $2 }' \
		"$stage/.solution-hashes" "$stage/.stage-hashes")
	rm -f "$stage/.solution-hashes" "$stage/.stage-hashes"
	if [ -n "$found" ]; then
		echo "stage: these files hold a reference solution: $found" >&2
		exit 1
	fi
fi
if [ -d "$stage/solutions" ] || [ -d "$stage/tests/kit/lazy" ]; then
	echo "stage: solutions/ or tests/kit/lazy/ slipped in" >&2
	exit 1
fi
