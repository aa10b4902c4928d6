#!/bin/sh
# ci/slurm/ on a real Slurm: a one-node cluster from Debian's packages (munged, slurmctld,
# slurmd) started here with a generated configuration in a scratch directory, no systemd. A class
# of four students (two copied the solution, two changed nothing) is graded as an array of two
# shards and merged by the dependent job; the merged gradebook and dashboard must name every
# student with the right score. Skipped (77), saying exactly why, where the daemons are missing
# or cannot start (slurmd must be root: it starts jobs as their users).
# usage: slurm_e2e.sh KIT_SOURCE_DIR RACELAB_BINARY
set -eu
root=$1
racelab=$2
. "$(dirname "$0")/lib.sh"

skip() {
	echo "SKIP: $*"
	exit 77
}
for d in munged slurmctld slurmd sbatch squeue; do
	command -v "$d" >/dev/null 2>&1 || [ -x "/usr/sbin/$d" ] ||
		skip "no $d: make deps installs munge, slurmctld, slurmd and slurm-client"
done
PATH=$PATH:/usr/sbin
[ "$(id -u)" = 0 ] || skip "slurmd must run as root (it starts each job as its user); run as root"
need_solutions 01-lost-update

cl=$tmp/cluster
mkdir -p "$cl/state" "$cl/spool" "$cl/log" "$cl/munge"
chmod 755 "$tmp" "$cl"
chmod 700 "$cl/munge"
stop_cluster() {
	pids=""
	for p in "$cl/slurmd.pid" "$cl/slurmctld.pid" "$cl/munge/munged.pid"; do
		[ -s "$p" ] && pids="$pids $(cat "$p")"
	done
	[ -n "$pids" ] && kill $pids 2>/dev/null
	# The daemons write their state as they stop: removing it under them races (seen in CI as
	# "Directory not empty"), so wait for them (5 s at most) and never let the cleanup decide
	# the test's status.
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		alive=0
		for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
		[ "$alive" = 0 ] && break
		sleep 0.5
	done
	rm -rf "$tmp" 2>/dev/null || { sleep 1; rm -rf "$tmp" 2>/dev/null; } || true
}
trap stop_cluster EXIT INT TERM
cluster_log() {
	for f in "$cl/munge/munged.log" "$cl/log/slurmctld.log" "$cl/log/slurmd.log"; do
		[ -f "$f" ] && { echo "--- $f"; tail -n 15 "$f"; }
	done
}

# munge: its own key and socket; as root munged needs --force.
head -c 1024 /dev/urandom >"$cl/munge/munge.key"
chmod 600 "$cl/munge/munge.key"
munged --force --key-file="$cl/munge/munge.key" --socket="$cl/munge/munge.sock" \
	--pid-file="$cl/munge/munged.pid" --log-file="$cl/munge/munged.log" \
	--seed-file="$cl/munge/munge.seed" ||
	{ cluster_log; skip "munged did not start (log above)"; }

# Ports from the pid, so two runs on one machine do not meet.
port=$((20000 + ($$ % 10000) * 2))
host=$(hostname -s)
cat >"$cl/slurm.conf" <<CONF
ClusterName=racelab-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$cl/munge/munge.sock
StateSaveLocation=$cl/state
SlurmdSpoolDir=$cl/spool
SlurmctldPidFile=$cl/slurmctld.pid
SlurmdPidFile=$cl/slurmd.pid
SlurmctldLogFile=$cl/log/slurmctld.log
SlurmdLogFile=$cl/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$cl/slurm.conf"
slurmctld -i -f "$SLURM_CONF" || { cluster_log; skip "slurmctld did not start (log above)"; }
slurmd -f "$SLURM_CONF" || { cluster_log; skip "slurmd did not start (log above)"; }
n=0
until sinfo -h -o '%T' 2>/dev/null | grep -q '^idle'; do
	n=$((n + 1))
	[ "$n" -lt 60 ] || { cluster_log; skip "the node never became idle (log above)"; }
	sleep 0.5
done

# The class: two students with the solution, two with the exercise as handed out.
make_kit "$tmp/kit" 01-lost-update
for s in ada bob cy dee; do
	mkdir -p "$tmp/subs/$s"
	cp -R "$tmp/kit/exercises" "$tmp/subs/$s/"
done
for s in ada cy; do
	cp "$root/solutions/01-lost-update"/*.c "$tmp/subs/$s/exercises/01-lost-update/"
done

ids=$(RACELAB="$racelab" RACELAB_ROOT="$tmp/kit" RACELAB_JOBS=1 \
	sh "$root/ci/slurm/submit.sh" "$tmp/subs" "$tmp/out" 2 --cpus-per-task=1)
echo "submitted: array and merge jobs $ids"
merge=${ids#* }
n=0
while squeue -h -j "$merge" 2>/dev/null | grep -q .; do
	n=$((n + 1))
	[ "$n" -lt 600 ] || { squeue; cluster_log; fail "the merge job never ended"; }
	sleep 1
done
for f in "$tmp/out"/racelab-*.log; do
	echo "--- $f"
	cat "$f"
done
state=$(scontrol show job "$merge" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
[ "$state" = COMPLETED ] || fail "the merge job ended $state"
[ -f "$tmp/out/shard-1/shard.json" ] && [ -f "$tmp/out/shard-2/shard.json" ] ||
	fail "a shard left no shard.json"
cat "$tmp/out/grades.csv"
grep -qx 'ada,10,10,10' "$tmp/out/grades.csv" || fail "ada: not full marks"
grep -qx 'bob,0,0,10' "$tmp/out/grades.csv" || fail "bob: not 0"
grep -qx 'cy,10,10,10' "$tmp/out/grades.csv" || fail "cy: not full marks"
grep -qx 'dee,0,0,10' "$tmp/out/grades.csv" || fail "dee: not 0"
for s in ada bob cy dee; do
	grep -q "href=\"$s.html\">$s<" "$tmp/out/class/index.html" || fail "dashboard: no $s"
	[ -f "$tmp/out/class/$s.html" ] || fail "no $s.html in the class"
done
echo "slurm_e2e: ok (4 students, 2 shards on Slurm $(sinfo -V | cut -d' ' -f2), merged)"
