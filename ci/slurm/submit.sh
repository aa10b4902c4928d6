#!/bin/sh
# Grades a class on a Slurm cluster: an array of N shard jobs, then a merge job that depends on
# all of them. Prints the two job ids ("ARRAY_ID MERGE_ID"); the class lands in OUT/class
# (index.html, grades.csv, each student's reports) and OUT/grades.csv.
# usage: ci/slurm/submit.sh SUBMISSIONS_DIR OUT_DIR N [sbatch options...]
# The environment names racelab (RACELAB, default build/racelab of this kit) and the kit
# (RACELAB_ROOT, default this kit); RACELAB_JOBS is the students each shard grades at once.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 SUBMISSIONS_DIR OUT_DIR N [sbatch options...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
kit=$(cd "$here/../.." && pwd)
subs=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
n=$3
shift 3
case "$n" in '' | *[!0-9]* | 0) echo "$0: N must be a whole number from 1" >&2; exit 2 ;; esac
# Slurm copies a batch script away before it runs: everything it needs travels as absolute paths
# in the environment, which sbatch exports by default.
r=${RACELAB:-$kit/build/racelab}
case "$r" in */*) ;; *) r=$(command -v "$r") || { echo "$0: no $r on PATH" >&2; exit 2; } ;; esac
RACELAB=$(cd "$(dirname "$r")" && pwd)/$(basename "$r")
RACELAB_ROOT=${RACELAB_ROOT:-$kit}
RACELAB_SUBMISSIONS=$subs
RACELAB_OUT=$out
RACELAB_SHARDS=$n
export RACELAB RACELAB_ROOT RACELAB_SUBMISSIONS RACELAB_OUT RACELAB_SHARDS
array=$(sbatch --parsable --array="1-$n" --chdir="$out" "$@" "$here/grade-shard.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterany:$array" --chdir="$out" "$@" \
	"$here/merge.sbatch")
echo "${array} ${merge%%;*}"
