#!/usr/bin/env bash
# Prints the processes still running from a racelab workspace that has been removed: a run that
# outlived its check. Exit 1 if there is any. (Live checks of other tests keep their workspace.)
found=0
for p in /proc/[0-9]*; do
	exe=$(readlink "$p/exe" 2>/dev/null) || continue
	cmd=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)
	for path in $exe $cmd; do
		case "$path" in
		*/racelab.*/*)
			ws=$(printf '%s' "$path" | sed -E 's#(.*/racelab\.[^/]+)/.*#\1#')
			if [ ! -d "$ws" ]; then
				echo "left running: pid ${p#/proc/} ($exe $cmd)"
				found=1
			fi
			break ;;
		esac
	done
done
exit $found
