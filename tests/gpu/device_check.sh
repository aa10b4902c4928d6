#!/bin/sh
# The CUDA exercise on a machine with a GPU, with racelab as built elsewhere (no compiler for the
# checker there): `racelab check 22` must fail with a data race found by compute-sanitizer,
# `--solutions 22` must pass, and the self-test must agree. Run from the kit's root:
#   tests/gpu/device_check.sh BIN_DIR OUT_DIR
# BIN_DIR holds racelab and the shared libraries it links (libinih, libjansson) where the GPU
# machine lacks them. Prints a summary line per check and exits non-zero when one disagrees.
# python3 reads the JSON: GPU machines have it where they may lack jq.
set -u
bin=$1 out=$2
export LD_LIBRARY_PATH="$bin${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" NO_COLOR=1
mkdir -p "$out"
fail=0
# judge FILE fail-race|pass: prints the verdict and kinds; exits 1 unless they are as wanted.
judge() {
	python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
kinds = sorted({f["kind"] for f in r["findings"]})
print(r["verdict"], ",".join(kinds) or "-")
ok = r["verdict"] == "pass" if sys.argv[2] == "pass" else \
	r["verdict"] == "fail" and "data-race" in kinds
sys.exit(0 if ok else 1)
PY
}
{ nvidia-smi -L; command -v nvcc compute-sanitizer; nvcc --version | tail -1; } >"$out/machine.txt" 2>&1
"$bin/racelab" check 22 --format json >"$out/check22.json" 2>"$out/check22.err"
echo "check 22 (exit $?): $(judge "$out/check22.json" fail-race || echo WRONG)"
judge "$out/check22.json" fail-race >/dev/null || fail=1
"$bin/racelab" check --solutions 22 --format json >"$out/solution22.json" 2>"$out/solution22.err"
echo "solution 22 (exit $?): $(judge "$out/solution22.json" pass || echo WRONG)"
judge "$out/solution22.json" pass >/dev/null || fail=1
"$bin/racelab" check 22 >"$out/check22.txt" 2>&1
"$bin/racelab" selftest --repeat 2 22 >"$out/selftest22.txt" 2>&1
echo "selftest 22 (exit $?): $(tail -1 "$out/selftest22.txt")"
grep -q '^selftest: [1-9][0-9]* passed, 0 failed, 0 skipped' "$out/selftest22.txt" || fail=1
exit $fail
