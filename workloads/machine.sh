#!/bin/sh
# Describes the CPUs this process may run on, for the bench report and the device run: the model,
# how many logical CPUs (nproc, which honours affinity and cpusets), and how many physical cores
# they are. Two logical CPUs that are SMT siblings (hyper-threads) share one core's execution
# units, so a CPU-bound speedup past the physical core count is not to be expected.
# Usage: machine.sh [field]   field: model | cpus | cores | smt | line (default: line)
set -eu

model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
cpus=$(nproc)

# The CPUs we may use, as numbers, one a line: from our affinity mask ("0-3,8" style).
allowed=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status | tr ',' '\n' |
	awk -F- '{ hi = NF > 1 ? $2 : $1; for (c = $1; c <= hi; c++) print c }')

# A physical core is one distinct sibling list among the CPUs we may use. Where sysfs does not
# say (some containers), each CPU counts as a core and SMT is "unknown".
cores=0 smt=no seen=" " known=yes
for c in $allowed; do
	f=/sys/devices/system/cpu/cpu$c/topology/thread_siblings_list
	if [ ! -r "$f" ]; then
		known=no
		cores=$((cores + 1))
		continue
	fi
	s=$(cat "$f")
	case $s in *,* | *-*) smt=yes ;; esac
	case $seen in *" $s "*) ;; *) seen="$seen$s " cores=$((cores + 1)) ;; esac
done
[ "$known" = yes ] || smt=unknown

case ${1:-line} in
model) echo "$model" ;;
cpus) echo "$cpus" ;;
cores) echo "$cores" ;;
smt) echo "$smt" ;;
line)
	case $smt in
	yes) what="SMT siblings present: $cpus logical CPUs on $cores physical cores" ;;
	no) what="no SMT siblings: each of the $cpus logical CPUs is a physical core" ;;
	*) what="$cpus logical CPUs; the kernel does not say which are SMT siblings" ;;
	esac
	echo "${model:-unknown CPU}, $what"
	;;
*) echo "usage: machine.sh [model|cpus|cores|smt|line]" >&2; exit 2 ;;
esac
