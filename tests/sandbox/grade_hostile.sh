#!/bin/sh
# End to end: a hostile student graded beside an honest one by `racelab grade --jobs 2`.
# The attacker hands in, as 01's ledger.c, a program that (while its classmate is checked) looks
# for the other workspaces and plants a file in them and overwrites their ledger.c, reads the
# kit's solution and the classmate's submission by absolute path, and writes into /tmp, $HOME
# and the kit. Its exit status is 100 plus a bit per attempt that worked. A third student's
# ledger.c #includes the solution by absolute path. Expected: the victim gets full marks, the
# attacker and the includer get their verdicts (fail, 0 points, exit status 100: nothing
# worked, a build error), and nothing outside their workspaces changed.
# usage: grade_hostile.sh KIT_SOURCE_DIR RACELAB_BINARY
set -eu
root=$1
racelab=$2
. "$root/tests/grading/lib.sh"

need_solutions 01-lost-update
make_kit "$tmp/kit" 01-lost-update
sub=$tmp/submissions
token="rl-hostile-$$"
home=${HOME:-/root}
solution="$root/solutions/01-lost-update/ledger.c"

mkdir -p "$sub/victim" "$sub/attacker" "$sub/includer"
cp -R "$tmp/kit/exercises" "$sub/victim/"
cp "$solution" "$sub/victim/exercises/01-lost-update/"
cp -R "$tmp/kit/exercises" "$sub/attacker/"
cp -R "$tmp/kit/exercises" "$sub/includer/"
printf '#include "%s"\n' "$solution" >"$sub/includer/exercises/01-lost-update/ledger.c"
victim_src="$sub/victim/exercises/01-lost-update/ledger.c"

cat >"$sub/attacker/exercises/01-lost-update/ledger.c" <<EOF
/* Not a ledger: an attempt on everything outside its own workspace. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int readable(const char *p)
{
	char c;
	int fd = open(p, O_RDONLY), ok = fd >= 0 && read(fd, &c, 1) == 1;

	if (fd >= 0)
		close(fd);
	return ok;
}

static int writes(const char *p)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644), ok = fd >= 0 && write(fd, "x", 1) == 1;

	if (fd >= 0)
		close(fd);
	return ok;
}

/* Every racelab.* workspace but ours in dir: plant a file, overwrite its ledger.c. */
static int plant(const char *dir, const char *mine)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int hit = 0;

	while (d && (e = readdir(d))) {
		char p[4096];

		if (strncmp(e->d_name, "racelab.", 8) || strstr(mine, e->d_name))
			continue;
		hit |= 16;
		snprintf(p, sizeof(p), "%s/%s/work/planted-$token", dir, e->d_name);
		hit |= writes(p) ? 8 : 0;
		snprintf(p, sizeof(p), "%s/%s/work/ledger.c", dir, e->d_name);
		hit |= writes(p) ? 8 : 0;
	}
	if (d)
		closedir(d);
	return hit;
}

int main(void)
{
	char cwd[4096] = "";
	int hit = 0;
	time_t end = time(NULL) + 2;

	getcwd(cwd, sizeof(cwd));
	hit |= readable("$solution") ? 1 : 0;
	hit |= readable("$victim_src") ? 2 : 0;
	hit |= writes("/tmp/$token") ? 0 : 0; /* its /tmp is private: checked from outside */
	hit |= writes("$home/$token") ? 4 : 0;
	hit |= writes("$root/$token") ? 4 : 0;
	hit |= writes("$sub/victim/$token") ? 4 : 0;
	/* The classmate's check runs meanwhile: keep looking for its workspace. */
	while (time(NULL) < end) {
		hit |= plant("/tmp", cwd);
		hit |= plant("${TMPDIR:-/tmp}", cwd);
		usleep(20000);
	}
	return 100 + hit;
}
EOF

RACELAB_ROOT=$tmp/kit NO_COLOR=1 "$racelab" grade --submissions "$sub" --jobs 2 \
	--csv "$tmp/grades.csv" --out "$tmp/out" >"$tmp/stdout" 2>"$tmp/stderr" ||
	{ status=$?; cat "$tmp/stdout" "$tmp/stderr"; fail "racelab grade exited $status"; }
cat "$tmp/stdout"
echo "--- grades.csv"
cat "$tmp/grades.csv"

row() { grep "^$1," "$tmp/grades.csv" || fail "no row for $1"; }
# shellcheck disable=SC2046 # split the CSV row into positional parameters
# student,01-lost-update,total,max
set -- $(row victim | tr ',' ' ')
[ "$3" -gt 0 ] && [ "$3" = "$4" ] || fail "victim: $3/$4, expected full marks"
set -- $(row attacker | tr ',' ' ')
[ "$3" = 0 ] || fail "attacker: $3 points"
set -- $(row includer | tr ',' ' ')
[ "$3" = 0 ] || fail "includer: $3 points for #including the solution"

# The attacker got its verdict, and its exit status says that nothing it tried worked.
grep -q 'wrong-output' "$tmp/out/attacker.txt" || fail "attacker: no verdict"
grep -q 'exit status 100,' "$tmp/out/attacker.txt" ||
	fail "attacker reached beyond its workspace: $(grep -o 'exit status [0-9]*' \
		"$tmp/out/attacker.txt" | head -1) (100 + 1 solution, 2 classmate, 4 wrote outside, \
8 planted, 16 saw a sibling)"
grep -q 'build-error' "$tmp/out/includer.txt" || fail "includer: the solution was #included"

# Nothing changed outside the workspaces.
cmp -s "$solution" "$victim_src" || fail "the victim's submission was changed"
for f in "/tmp/$token" "$home/$token" "$root/$token" "$sub/victim/$token"; do
	[ ! -e "$f" ] || { rm -f "$f"; fail "$f was written"; }
done
if find "$sub" "${TMPDIR:-/tmp}" -maxdepth 4 -name "planted-$token" 2>/dev/null | grep -q .; then
	fail "a planted file is outside the attacker's workspace"
fi
echo "grade_hostile: ok (victim full marks; attacker and includer 0, nothing reached)"
