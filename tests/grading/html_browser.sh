#!/bin/sh
# The HTML pages in a real browser (headless Chromium): `racelab analyze --format html` on a
# deadlocking program, and the class dashboard and a student page of a merged class whose names
# are hostile (a student called <script>, a file called "><img src=x onerror=...>). Each page must
# render to a screenshot that is not blank, make no network request, log nothing to the console,
# and show the hostile names as text. Two control pages prove the checks can fail: one fetches an
# image, one throws. Skipped (77) when Chromium is missing: `make deps` installs it.
# usage: html_browser.sh KIT_SOURCE_DIR RACELAB_BINARY  (RACELAB_SCREENSHOTS=DIR keeps the PNGs)
set -eu
root=$1
racelab=$2
. "$(dirname "$0")/lib.sh"
check="python3 $(dirname "$0")/browser_check.py"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "SKIP: chromium is not installed (make deps installs it)"
	exit 77
fi

# render PAGE NAME: a screenshot, the net log and the console of one load, then the DOM.
render() {
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	flags="--headless --no-sandbox --disable-gpu --disable-background-networking
		--disable-component-update --disable-sync --no-first-run --user-data-dir=$profile"
	# shellcheck disable=SC2086 # flags is a list of words
	timeout 120 "$browser" $flags --window-size=1200,900 --screenshot="$tmp/$2.png" \
		--enable-logging=stderr --v=0 --log-net-log="$tmp/$2.net.json" "file://$1" \
		>"$tmp/$2.log" 2>&1 || { cat "$tmp/$2.log"; fail "$2: chromium failed"; }
	timeout 120 "$browser" $flags --dump-dom "file://$1" >"$tmp/$2.dom" 2>/dev/null ||
		fail "$2: chromium --dump-dom failed"
	[ -z "${RACELAB_SCREENSHOTS:-}" ] || { mkdir -p "$RACELAB_SCREENSHOTS" &&
		cp "$tmp/$2.png" "$RACELAB_SCREENSHOTS/"; }
}

# page_ok PAGE NAME: all three checks pass.
page_ok() {
	render "$1" "$2"
	$check png "$tmp/$2.png" || fail "$2: the screenshot is blank"
	$check net "$tmp/$2.net.json" || fail "$2: the page made a network request"
	$check console "$tmp/$2.log" || fail "$2: the page logged to the console"
}

# The controls: each must fail exactly the check it is built to fail.
mkdir -p "$tmp/control"
printf '%s\n' '<!DOCTYPE html><html><body><h1>control</h1>' \
	'<img src="http://127.0.0.1:9/x.png" alt="x"></body></html>' >"$tmp/control/net.html"
printf '%s\n' '<!DOCTYPE html><html><body><h1>control</h1>' \
	'<script>undefined_function();</script></body></html>' >"$tmp/control/console.html"
render "$tmp/control/net.html" control-net
$check net "$tmp/control-net.net.json" && fail "the net check passed a page that fetches"
render "$tmp/control/console.html" control-console
$check console "$tmp/control-console.log" && fail "the console check passed a page that throws"

# 1. A real analysis: the deadlock finding, its quoted line and its graph.
mkdir -p "$tmp/analyze"
status=0
(cd "$tmp/analyze" && NO_COLOR=1 "$racelab" analyze --format html \
	"$root/tests/cli/progs/deadlock.c" >report.html) || status=$?
[ "$status" = 1 ] || fail "analyze exited $status, expected 1 (findings)"
page_ok "$tmp/analyze/report.html" analyze
grep -q 'class="kind">deadlock<' "$tmp/analyze.dom" || fail "analyze: no deadlock finding shown"
grep -q '<svg' "$tmp/analyze.dom" || fail "analyze: the graph is not inline"
grep -q 'pthread_mutex_lock(&amp;' "$tmp/analyze.dom" || fail "analyze: no quoted source line"
grep -q -- '--seed' "$tmp/analyze.dom" || fail "analyze: no seed to replay"

# 2. A class of two shards with hostile names, merged: the dashboard and a student page.
evil_file='\"><img src=x onerror=alert(1)>'
for i in 1 2; do
	mkdir -p "$tmp/shard$i"
	name=$([ "$i" = 1 ] && echo '<script>' || echo 'ada')
	# ada passed 01: the score column then has something to sort.
	verdict=$([ "$i" = 1 ] && echo fail || echo pass)
	score=$([ "$i" = 1 ] && echo 0 || echo 10)
	cat >"$tmp/shard$i/shard.json" <<EOF
{"racelab_shard": 1, "racelab": "0.1.0", "course": "00000000000000aa",
 "shard": {"index": $i, "count": 2},
 "exercises": [{"slug": "01-lost-update", "title": "The ledger", "points": 10},
               {"slug": "03-refcount-race", "title": "Refcount", "points": 10}],
 "students": [{"name": "$name", "error": null, "not_submitted": ["03-refcount-race"]}]}
EOF
	cat >"$tmp/shard$i/$name.json" <<EOF
{"schema": 1, "racelab": "0.1.0", "student": "$name",
 "results": [{"name": "01-lost-update", "verdict": "$verdict", "score": $score, "max_score": 10,
   "duration_ms": 5, "findings": [{"kind": "data-race", "tools": ["tsan"],
   "message": "race on \`</script><script>alert(2)</script>\`",
   "locations": [{"file": "$evil_file", "line": 3, "function": null, "thread": "T1"}],
   "graph": null, "seed": 4}]},
  {"name": "03-refcount-race", "verdict": "fail", "score": 0, "max_score": 10,
   "duration_ms": 0, "findings": []}],
 "summary": {"passed": 0, "failed": 2, "skipped": 0, "errors": 0}}
EOF
done
"$racelab" grade --merge --out "$tmp/class" "$tmp/shard1" "$tmp/shard2" ||
	fail "the merge failed"
page_ok "$tmp/class/index.html" dashboard
page_ok "$tmp/class/<script>.html" student
for page in dashboard student; do
	grep -q '<img' "$tmp/$page.dom" && fail "$page: an <img> element came from a name"
done
grep -q '"&gt;&lt;img src=x onerror=alert(1)&gt;:3' "$tmp/student.dom" ||
	fail "student page: the file name is not shown as text"
grep -q 'alert(2)' "$tmp/student.dom" || fail "student page: the message is not shown"
grep -q '&lt;script&gt;' "$tmp/dashboard.dom" || fail "dashboard: the student <script> is not text"
[ "$(grep -o '<script' "$tmp/dashboard.dom" | wc -l)" = 1 ] ||
	fail "dashboard: a script element besides the sorter"
grep -q '<script' "$tmp/student.dom" && fail "student page: a script element"
grep -q 'fail: data-race' "$tmp/dashboard.dom" || fail "dashboard: the main finding is not shown"
grep -q '<td>1/2 (50%)</td>' "$tmp/dashboard.dom" || fail "dashboard: 01's pass rate is not 1/2"

# The sorter really sorts: a copy of the dashboard clicks "score" twice (descending) with a
# script the page's own nonce allows, and ada (10 points) must then come before <script> (0).
nonce=$(sed -n "s/.*script-src 'nonce-\([0-9a-f]*\)'.*/\1/p" "$tmp/class/index.html")
[ -n "$nonce" ] || fail "dashboard: no script nonce"
sed "s#</body>#<script nonce=\"$nonce\">var b=document.querySelectorAll('th button');\
b[b.length-1].click();b[b.length-1].click();</script></body>#" "$tmp/class/index.html" \
	>"$tmp/class/sorted.html"
page_ok "$tmp/class/sorted.html" sorted
grep -q 'aria-sort="descending"' "$tmp/sorted.dom" || fail "sorter: the column is not marked"
tr -d '\n' <"$tmp/sorted.dom" | grep -q 'ada</a>.*&lt;script&gt;</a>' ||
	fail "sorter: ada (10) is not above <script> (0) after sorting by score, descending"
tr -d '\n' <"$tmp/dashboard.dom" | grep -q '&lt;script&gt;</a>.*ada</a>' ||
	fail "dashboard: not in name order before sorting"
grep -q 'not submitted' "$tmp/dashboard.dom" || fail "dashboard: not submitted is not shown"
grep -q 'href="%3Cscript%3E.html"' "$tmp/dashboard.dom" || fail "dashboard: no student link"
echo "html_browser: ok (analyze, dashboard and student pages render; controls fail)"
