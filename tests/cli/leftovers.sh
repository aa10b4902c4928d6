#!/usr/bin/env bash
# Prints the processes still running from a racelab workspace that has been removed: a run that
# outlived its check. Exit 1 if there is any. Live checks of other tests keep their workspace; a
# process caught while the kernel is still tearing it down is given two seconds to go.
candidates() {
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		cmd=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)
		for path in $exe $cmd; do
			case "$path" in
			*/racelab.*/*)
				ws=$(printf '%s' "$path" | sed -E 's#(.*/racelab\.[^/]+)/.*#\1#')
				[ -d "$ws" ] || echo "${p#/proc/}"
				break ;;
			esac
		done
	done
}
first=$(candidates)
[ -z "$first" ] && exit 0
sleep 2
found=0
for pid in $first; do
	state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || continue
	[ "$state" = Z ] && continue
	echo "left running: pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null))"
	found=1
done
exit $found
