#!/bin/sh
# racelab watch in a real terminal (tmux): the keys h (a hint), l (the list), n (the next
# exercise) and q (quit) each do their thing, the terminal is back in cooked mode with echo after
# q and after Ctrl-C, a save re-checks, and with standard input not a terminal watch says there are
# no keys and still stops on SIGTERM. Skipped (77) without tmux: `make deps` installs it.
# usage: watch_keys.sh RACELAB_BINARY CLI_DIR
set -eu
racelab=$1
cli=$2
if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed (make deps installs it)"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racelab-watch.XXXXXX")
sock="racelab-watch-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	tmux -L "$sock" capture-pane -p -t w -S -200 2>/dev/null || true
	exit 1
}

# A kit of two exercises: the hints kit's ledger twice, so n has somewhere to go; the first does
# not compile (a build error fails quickly and the same way every time), the second passes.
cp -R "$cli/kits/hints" "$tmp/kit"
cp -R "$tmp/kit/exercises/01-ledger" "$tmp/kit/exercises/02-ledger"
echo 'this is not C' >>"$tmp/kit/exercises/01-ledger/ledger.c"

# wait_for ERE [SECONDS]: until the pane shows a line matching ERE.
wait_for() {
	n=0
	while ! tmux -L "$sock" capture-pane -p -t w -S -300 | grep -Eq -- "$1"; do
		n=$((n + 1))
		[ "$n" -lt $((${2:-60} * 5)) ] || fail "no '$1' on the screen"
		sleep 0.2
	done
}
keys() { tmux -L "$sock" send-keys -t w "$@"; }

tmux -L "$sock" -f /dev/null new-session -d -s w -x 160 -y 60 "sh"
keys "cd '$tmp/kit' && export NO_COLOR=1 PS1='$ ' && clear" Enter
keys "'$racelab' watch; stty -a >'$tmp/stty.q'; echo WATCH-ENDED \$?" Enter
wait_for 'keys: h hint'
wait_for '^Progress: \[>-+\] 0/2 exercises fixed'
keys h
wait_for '^Hint 1/3 for 01-ledger:'
keys h
wait_for '^Hint 2/3 for 01-ledger:'
keys l
wait_for '^# +status +exercise +title +concept'
wait_for '^1 +✗ failing +01-ledger +A ledger +lost update'
wait_for '^2 +- +02-ledger +A ledger +lost update'
wait_for '^0/2 exercises fixed, 1 failing, 1 not checked yet'
# n: on to 02, which passes; watch then comes back to the first one not fixed.
keys n
wait_for 'racelab watch: checking 02-ledger'
wait_for '^Progress: \[#+>-+\] 1/2 exercises fixed'
wait_for 'Next up: 01-ledger'
# A save re-checks.
tmux -L "$sock" clear-history -t w
touch "$tmp/kit/exercises/01-ledger/ledger.c"
wait_for 'racelab watch: checking 01-ledger'
wait_for 'keys: h hint'
keys q
wait_for '^WATCH-ENDED 0'
grep -q ' icanon ' "$tmp/stty.q" && grep -q ' echo ' "$tmp/stty.q" ||
	fail "the terminal was left raw after q: $(cat "$tmp/stty.q")"
# The hints shown through the keys count for `racelab hint` too.
grep -q '^01-ledger 2$' "$tmp/kit/.racelab/hints" || fail "the hints shown were not recorded"

# Ctrl-C in the middle: the terminal comes back as well.
keys "clear; '$racelab' watch 01; stty -a >'$tmp/stty.c'; echo WATCH-ENDED-2 \$?" Enter
wait_for 'keys: h hint'
keys C-c
wait_for '^WATCH-ENDED-2 0'
grep -q ' icanon ' "$tmp/stty.c" && grep -q ' echo ' "$tmp/stty.c" ||
	fail "the terminal was left raw after Ctrl-C: $(cat "$tmp/stty.c")"

# Not a terminal: no keys, said so, and SIGTERM still ends it with status 0.
(cd "$tmp/kit" && NO_COLOR=1 "$racelab" watch 01 </dev/null >"$tmp/piped.out" 2>&1) &
pid=$!
n=0
until grep -q 'no keys' "$tmp/piped.out" 2>/dev/null; do
	n=$((n + 1))
	[ "$n" -lt 300 ] || { kill "$pid"; fail "watch without a terminal said nothing of keys"; }
	sleep 0.2
done
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" = 0 ] || fail "watch without a terminal exited $status on SIGTERM"
echo "watch_keys: ok (h, l, n, save, q, Ctrl-C, no terminal)"
