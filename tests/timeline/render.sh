#!/bin/sh
# Renders timeline pages in headless Chromium, as a student's browser would open them from disk,
# and checks what it drew: the lanes, the arrows, the names and source lines, a screenshot that is
# not blank, no script error, no request. Exit 77 (skipped) only when Chromium is not installed.
# Usage: tests/timeline/render.sh RACELAB [SHOTS_DIR]
set -eu
RACELAB=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
command -v chromium >/dev/null 2>&1 || { echo "render: no chromium, skipped"; exit 77; }
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
SHOTS=${2:-$work}
mkdir -p "$SHOTS"
cd "$work"
fail=0

# render NAME PAGE CHECKS...: DOM, screenshot and net log of PAGE, then the checks.
render() {
	name=$1 page=$2
	shift 2
	[ -s "$page" ] || { echo "render: racelab wrote no $page"; return 1; }
	for what in dump screenshot; do
		if [ $what = dump ]; then out="--dump-dom"; else out="--screenshot=$SHOTS/$name.png"; fi
		timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
			--disable-component-update --disable-sync --no-first-run \
			--user-data-dir="$(mktemp -d -p "$work")" --window-size=1200,800 \
			--enable-logging=stderr --v=0 --log-net-log="$work/$name.$what.net.json" \
			$out "file://$page" >"$work/$name.$what.out" 2>"$work/$name.$what.err" || {
			echo "render: chromium failed on $page"; cat "$work/$name.$what.err"; return 1; }
	done
	if grep -i 'uncaught\|CONSOLE.*error' "$work/$name.dump.err" "$work/$name.screenshot.err"; then
		echo "render: $name: the page's script failed"
		return 1
	fi
	python3 "$HERE/check_page.py" "$work/$name.dump.out" "$SHOTS/$name.png" \
		"$work/$name.dump.net.json" "$@"
}

# Two cooks hand tools[1] back and forth and one wakes the other: every kind of arrow.
"$RACELAB" analyze --timeout 20 "$HERE/handover.c" >/dev/null 2>&1 || true
render handover "$work/graphs/handover.timeline.html" lanes=main,T1,T2 min:lane=3 \
	min:handover=2 min:wakeup=1 min:hold=3 min:wait=2 min:block=1 'text=tools[1]' \
	'text=wrong-output' 'text=at handover.c:17 (cook)' 'text=waits for mutex tools[1]' ||
	fail=1

# A deadlock: both threads stuck for good, the breaking step marked.
"$RACELAB" analyze --timeout 20 "$HERE/../cli/progs/deadlock.c" >/dev/null 2>&1 || true
render deadlock "$work/graphs/deadlock.timeline.html" lanes=main,T1,T2 min:breaks=1 \
	'text=this step breaks it' 'text=never released' 'text=mutex a' \
	'text=pthread_mutex_lock(&a); /* line 21 */' || fail=1

exit $fail
