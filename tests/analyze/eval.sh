#!/usr/bin/env bash
# The external test set, measured: `racelab analyze` on every program of tests/analyze/ against the
# verdict and kind its header expects, beside ThreadSanitizer alone and Helgrind alone on the same
# programs, as a per-class table in bench/eval.md (or --out). See tests/analyze/README.md.
#
# usage: eval.sh [--repeat N] [--jobs N] [--only PATTERN] [--racelab-only] [--racelab BIN]
#                [--timeout S] [--skip-long | --only-long] [--out FILE] [--write-baseline FILE]
#                [--check-baseline FILE]
#
# --check-baseline is the CTest's mode: exit 1 when a program that the baseline records as right
# (verdict and kind) is now wrong, or changed its verdict between repetitions; a known miss that
# now passes is printed, not failed, so the baseline can be brought up to date by hand.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RACELAB=$ROOT/build/racelab
REPEAT=1
JOBS=1
ONLY=
LONG=          # skip or only: programs whose header says `/* long: why */`
RACELAB_ONLY=0
RAW_TIMEOUT=10 # seconds for one raw TSan or Helgrind run: racelab analyze's own default
TIMEOUT=       # racelab --timeout for every program (default: the header's, else racelab's)
OUT=$ROOT/bench/eval.md
WRITE_BASELINE=
CHECK_BASELINE=
ARCHER=${ARCHER:-/usr/lib/llvm-14/lib/libarcher.so}

die() { echo "eval.sh: $*" >&2; exit 2; }

# header FILE KEY: the value of the first `/* KEY: value */` comment in FILE.
header() { sed -n "s@^/\* $2: \(.*\) \*/\$@\1@p" "$1" | head -n 1; }

# programs: every top-level NAME.c, and every folder whose main.c carries the header.
programs() {
    local f
    for f in "$HERE"/*.c "$HERE"/*/main.c; do
        [ -f "$f" ] || continue
        grep -q '^/\* expect: ' "$f" || continue
        case $LONG in
        skip) grep -q '^/\* long: ' "$f" && continue ;;
        only) grep -q '^/\* long: ' "$f" || continue ;;
        esac
        case $f in */main.c) basename "$(dirname "$f")" ;; *) basename "$f" .c ;; esac
    done | sort | { if [ -n "$ONLY" ]; then grep -E -- "$ONLY"; else cat; fi; }
}

# main_file NAME: the file holding NAME's headers; srcs NAME: its sources, in build order.
main_file() { if [ -d "$HERE/$1" ]; then echo "$HERE/$1/main.c"; else echo "$HERE/$1.c"; fi; }
srcs() {
    local m files f
    m=$(main_file "$1")
    files=$(header "$m" files)
    if [ -z "$files" ]; then echo "$m"; return; fi
    for f in $files; do echo "$(dirname "$m")/$f"; done
}

# raw_kinds TOOL LOG RC: the racelab kinds a raw tool's report names, so "right kind" can be judged
# for the raw tools too. A raw tool never says `deadlock` or `starvation`: it has no such report.
raw_kinds() {
    local log=$2
    {
        grep -qE 'ThreadSanitizer: data race|Possible data race' "$log" && echo data-race
        grep -qE 'lock-order-inversion|lock order .* violated' "$log" && echo lock-order-inversion
        grep -qE 'ThreadSanitizer: thread leak' "$log" && echo thread-leak
        grep -qE 'unlock of an unlocked mutex|destroy of a locked mutex|double lock of a mutex|unlocked a not-locked lock|currently held by thread|dubious: associated lock is not held|destroyed a locked lock|re-lock a non-recursive lock|Bad unlock|unlock of a mutex owned by another' "$log" &&
            echo lock-misuse
        # Helgrind says "terminating" for timeout's SIGTERM too: a crash only when not timed out.
        [ "$3" != 124 ] && [ "$3" != 137 ] &&
            grep -qE 'ThreadSanitizer: (SEGV|signal)|Process terminating with default action' "$log" &&
            echo crash
    } | sort -u | tr '\n' ' '
}

# one_raw TOOL NAME REP: build and run NAME once under the raw tool; prints "verdict kinds...".
one_raw() {
    local tool=$1 name=$2 dir bin log m cflags args rc kinds
    dir=$(mktemp -d) || return
    bin=$dir/prog
    log=$dir/log
    m=$(main_file "$name")
    cflags=$(header "$m" cflags)
    args=$(header "$m" args)
    local -a env=()
    if [ "$tool" = tsan ]; then
        # shellcheck disable=SC2046,SC2086 # cflags and sources are word lists on purpose
        clang -fsanitize=thread -g -O1 -pthread $cflags -I"$(dirname "$m")" $(srcs "$name") \
            -o "$bin" >"$log" 2>&1 || { echo "fail build-error"; rm -rf "$dir"; return; }
        # Archer's own advice: without ignore_noninstrumented_modules, libomp's insides are reported.
        case " $cflags " in *" -fopenmp "*)
            env=(OMP_TOOL_LIBRARIES="$ARCHER" TSAN_OPTIONS=ignore_noninstrumented_modules=1) ;;
        esac
        # shellcheck disable=SC2086
        env "${env[@]}" timeout -k 2 "$RAW_TIMEOUT" "$bin" $args >/dev/null 2>>"$log" </dev/null
        rc=$?
    else
        # shellcheck disable=SC2046,SC2086
        gcc -g -O0 -pthread $cflags -I"$(dirname "$m")" $(srcs "$name") -o "$bin" >"$log" 2>&1 ||
            { echo "fail build-error"; rm -rf "$dir"; return; }
        # shellcheck disable=SC2086
        timeout -k 2 "$RAW_TIMEOUT" valgrind --tool=helgrind --error-exitcode=99 "$bin" $args \
            >/dev/null 2>>"$log" </dev/null
        rc=$?
    fi
    kinds=$(raw_kinds "$tool" "$log" "$rc")
    [ "$rc" = 124 ] || [ "$rc" = 137 ] && kinds="$kinds hang"
    kinds=$(echo $kinds) # one space between words
    # A report fails the program even when the exit status is 0: Helgrind's error exit code is a
    # process's own, and a forked child's report leaves the parent's status alone.
    if [ "$rc" = 0 ] && [ -z "${kinds// /}" ] && ! grep -qE 'WARNING: ThreadSanitizer' "$log"; then
        echo pass
    else
        [ -z "${kinds// /}" ] && kinds="exit-$rc"
        echo "fail $kinds"
    fi
    rm -rf "$dir"
}

# one_racelab NAME: racelab analyze --format json on NAME; prints "verdict kinds...".
one_racelab() {
    local name=$1 m cflags args timeout runs json rc
    m=$(main_file "$name")
    cflags=$(header "$m" cflags)
    args=$(header "$m" args)
    timeout=${TIMEOUT:-$(header "$m" timeout)}
    runs=$(header "$m" runs)
    local -a opt=(--format json)
    [ -n "$timeout" ] && opt+=(--timeout "$timeout")
    [ -n "$runs" ] && opt+=(--runs "$runs")
    [ -n "$cflags" ] && opt+=(--cflags "$cflags")
    json=$(mktemp) || return
    # shellcheck disable=SC2046,SC2086
    "$RACELAB" analyze "${opt[@]}" $(srcs "$name") ${args:+-- $args} >"$json" 2>"$json.err" </dev/null
    rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "error exit-$rc $(head -c 200 "$json.err" | tr '\n\t' '  ')"
    else
        jq -r '.results[0] | [.verdict] + ([.findings[].kind] | unique) | join(" ")' "$json" 2>/dev/null ||
            echo "error bad-json"
    fi
    rm -f "$json" "$json.err"
}

# --one TOOL NAME REP DIR: one measurement, written to DIR/NAME.TOOL.REP (xargs runs these).
if [ "${1:-}" = --one ]; then
    tool=$2 name=$3 rep=$4 dir=$5
    RACELAB=$6 TIMEOUT=$7
    t0=$(date +%s)
    if [ "$tool" = racelab ]; then res=$(one_racelab "$name"); else res=$(one_raw "$tool" "$name"); fi
    echo "$res" >"$dir/$name.$tool.$rep"
    printf '%-28s %-8s #%s %-40s %3ss\n' "$name" "$tool" "$rep" "$res" $(($(date +%s) - t0)) >&2
    exit 0
fi

while [ $# -gt 0 ]; do
    case $1 in
    --repeat) REPEAT=$2; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --racelab-only) RACELAB_ONLY=1; shift ;;
    --racelab) RACELAB=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --write-baseline) WRITE_BASELINE=$2; shift 2 ;;
    --check-baseline) CHECK_BASELINE=$2; RACELAB_ONLY=1; shift 2 ;;
    --skip-long) LONG=skip; shift ;;
    --only-long) LONG=only; shift ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
    esac
done
[ -x "$RACELAB" ] || die "no racelab at $RACELAB (make build first)"
command -v jq >/dev/null || die "jq is needed to read racelab's JSON"
TOOLS="racelab"
[ "$RACELAB_ONLY" = 1 ] || TOOLS="racelab tsan helgrind"
NAMES=$(programs)
[ -n "$NAMES" ] || die "no program matches '$ONLY'"

RES=$(mktemp -d)
trap 'rm -rf "$RES"' EXIT
START=$(date +%s)
for rep in $(seq 1 "$REPEAT"); do
    for name in $NAMES; do
        for tool in $TOOLS; do echo "$tool $name $rep"; done
    done
done | xargs -P "$JOBS" -L 1 sh -c 'exec "$0" --one "$4" "$5" "$6" "$1" "$2" "$3"' \
    "$0" "$RES" "$RACELAB" "$TIMEOUT"
ELAPSED=$(($(date +%s) - START))

# verdict_of NAME TOOL REP, kinds_of ...: the recorded result, split.
result() { cat "$RES/$1.$2.$3" 2>/dev/null || echo "error missing"; }
# right NAME TOOL REP: 2 right verdict and kind, 1 right verdict only, 0 wrong verdict.
right() {
    local m exp ekind res verdict
    m=$(main_file "$1")
    exp=$(header "$m" expect)
    ekind=${exp#fail }
    res=$(result "$1" "$2" "$3")
    verdict=${res%% *}
    # A build error is no finding: "fail build-error" on a buggy program is right for no reason.
    [ "$res" = "fail build-error" ] && verdict=error
    case $exp in
    pass) [ "$verdict" = pass ] && echo 2 || echo 0 ;;
    # A warning: found when the kind is listed; right only when it does not fail the program.
    warn\ *) if case " $res " in *" ${exp#warn } "*) true ;; *) false ;; esac; then
           [ "$verdict" = pass ] && echo 2 || echo 1
       else echo 0; fi ;;
    *) if [ "$verdict" != fail ]; then echo 0
       elif case " $res " in *" $ekind "*) true ;; *) false ;; esac; then echo 2
       else echo 1; fi ;;
    esac
}

# The per-class table (first repetition) and the stability count (all repetitions).
declare -A N FOUND KIND
CLASSES=
UNSTABLE=
MISSES=
for name in $NAMES; do
    m=$(main_file "$name")
    cls=$(header "$m" class)
    exp=$(header "$m" expect)
    case " $CLASSES " in *" $cls "*) ;; *) CLASSES="$CLASSES $cls" ;; esac
    N[$cls]=$((${N[$cls]:-0} + 1))
    any_raw=0
    for tool in $TOOLS; do
        r=$(right "$name" "$tool" 1)
        if [ "$exp" = pass ]; then
            [ "$r" = 0 ] && FOUND[$cls.$tool]=$((${FOUND[$cls.$tool]:-0} + 1))
        else
            [ "$r" != 0 ] && FOUND[$cls.$tool]=$((${FOUND[$cls.$tool]:-0} + 1))
            [ "$r" = 2 ] && KIND[$cls.$tool]=$((${KIND[$cls.$tool]:-0} + 1))
            [ "$tool" != racelab ] && [ "$r" != 0 ] && any_raw=1
        fi
        [ "$tool" = racelab ] && [ "$r" != 2 ] &&
            MISSES="$MISSES$name (expect $exp): $(result "$name" racelab 1)"$'\n'
        first=$(result "$name" "$tool" 1)
        for rep in $(seq 2 "$REPEAT"); do
            if [ "$(result "$name" "$tool" "$rep" | cut -d' ' -f1)" != "${first%% *}" ]; then
                UNSTABLE="$UNSTABLE$tool:$name "
                break
            fi
        done
    done
    [ "$exp" != pass ] && [ "$any_raw" = 1 ] && FOUND[$cls.either]=$((${FOUND[$cls.either]:-0} + 1))
done

# Buggy classes first, then the race-free ones (ok-*), each group in name order.
CLASSES="$(for c in $CLASSES; do echo "$c"; done | sort | grep -v '^ok-') $(for c in $CLASSES; do echo "$c"; done | sort | grep '^ok-')"
cell() { echo "${1:-0}/$2"; }
table() {
    local cls tool n buggy_n=0 ok_n=0
    declare -A TOT
    echo "| class | n | expect | racelab | racelab kind |$([ "$RACELAB_ONLY" = 1 ] || echo ' TSan | TSan kind | Helgrind | Helgrind kind | TSan or Helgrind |')"
    echo "|---|---|---|---|---|$([ "$RACELAB_ONLY" = 1 ] || echo '---|---|---|---|---|')"
    for cls in $CLASSES; do
        n=${N[$cls]}
        case $cls in ok-*) kind=pass ;; *) kind=fail ;; esac
        if [ $kind = pass ]; then ok_n=$((ok_n + n)); else buggy_n=$((buggy_n + n)); fi
        row="| $cls | $n | $([ $kind = pass ] && echo 'pass: false alarms' || echo 'fail: found')"
        for tool in $TOOLS; do
            row="$row | $(cell "${FOUND[$cls.$tool]:-}" "$n")"
            TOT[$kind.$tool]=$((${TOT[$kind.$tool]:-0} + ${FOUND[$cls.$tool]:-0}))
            if [ $kind = fail ]; then
                row="$row | $(cell "${KIND[$cls.$tool]:-}" "$n")"
                TOT[kind.$tool]=$((${TOT[kind.$tool]:-0} + ${KIND[$cls.$tool]:-0}))
            else
                row="$row | -"
            fi
        done
        if [ "$RACELAB_ONLY" = 0 ]; then
            if [ $kind = fail ]; then row="$row | $(cell "${FOUND[$cls.either]:-}" "$n")"
            else row="$row | -"; fi
            TOT[either]=$((${TOT[either]:-0} + ${FOUND[$cls.either]:-0}))
        fi
        echo "$row |"
    done
    row="| **buggy: recall** | $buggy_n | fail"
    for tool in $TOOLS; do
        row="$row | **$(cell "${TOT[fail.$tool]:-}" "$buggy_n")** | **$(cell "${TOT[kind.$tool]:-}" "$buggy_n")**"
    done
    [ "$RACELAB_ONLY" = 1 ] || row="$row | **$(cell "${TOT[either]:-}" "$buggy_n")**"
    echo "$row |"
    row="| **race-free: false alarms** | $ok_n | pass"
    for tool in $TOOLS; do row="$row | **$(cell "${TOT[pass.$tool]:-}" "$ok_n")** | -"; done
    [ "$RACELAB_ONLY" = 1 ] || row="$row | - "
    echo "$row |"
}

{
    echo "# racelab analyze on the external test set (tests/analyze/)"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)," \
        "$(echo "$NAMES" | wc -w) programs, $REPEAT repetition(s), --jobs $JOBS, ${ELAPSED}s." \
        "Command: \`tests/analyze/eval.sh --repeat $REPEAT --jobs $JOBS${ONLY:+ --only '$ONLY'}$([ "$RACELAB_ONLY" = 1 ] && echo ' --racelab-only')${LONG:+ --$LONG-long}\`."
    echo
    echo "racelab: \`racelab analyze --format json\` with the header's --cflags, arguments and"
    echo "--timeout/--runs if any (else racelab's defaults). TSan alone: clang -fsanitize=thread -g -O1"
    echo "(+ Archer for -fopenmp), one run. Helgrind alone: gcc -g -O0, valgrind --tool=helgrind"
    echo "--error-exitcode=99, one run. A raw tool fails a program on any report, a non-zero exit or"
    echo "a ${RAW_TIMEOUT}s timeout (kind \`hang\`). \"kind\": the findings include the expected kind;"
    echo "for the raw tools their reports are mapped to racelab's kinds (neither has deadlock or"
    echo "starvation). Table from the first repetition."
    echo
    table
    echo
    echo "Stability: $(echo "$UNSTABLE" | wc -w) (tool, program) pairs changed verdict over $REPEAT repetition(s)${UNSTABLE:+: $UNSTABLE}"
    echo
    echo "## racelab's wrong verdicts or kinds (first repetition)"
    echo
    if [ -n "$MISSES" ]; then printf '%s' "$MISSES" | sed 's/^/- /'; else echo "none"; fi
    echo
    echo "## Every program (first repetition)"
    echo
    echo "| program | class | expect |$(for t in $TOOLS; do printf ' %s |' "$t"; done)"
    echo "|---|---|---|$(for t in $TOOLS; do printf -- '---|'; done)"
    for name in $NAMES; do
        m=$(main_file "$name")
        echo "| $name | $(header "$m" class) | $(header "$m" expect) |$(for t in $TOOLS; do
            printf ' %s |' "$(result "$name" "$t" 1)"; done)"
    done
} >"$OUT.tmp" && mkdir -p "$(dirname "$OUT")" && mv "$OUT.tmp" "$OUT"
cat "$OUT"

# The baseline: one line per program, `NAME EXPECT STATUS RESULT`, STATUS `ok` or `miss`.
if [ -n "$WRITE_BASELINE" ]; then
    {
        echo "# racelab analyze's results on tests/analyze/, as of $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)."
        echo "# NAME | EXPECT | ok (right verdict and kind) or miss | racelab's verdict and kinds"
        # ok only when right in every repetition: a program right 2 times in 3 is a known miss.
        for name in $NAMES; do
            good=0
            for rep in $(seq 1 "$REPEAT"); do
                [ "$(right "$name" racelab "$rep")" = 2 ] && good=$((good + 1))
            done
            note=
            [ "$good" != 0 ] && [ "$good" != "$REPEAT" ] && note=" (right $good of $REPEAT)"
            printf '%s | %s | %s | %s%s\n' "$name" "$(header "$(main_file "$name")" expect)" \
                "$([ "$good" = "$REPEAT" ] && echo ok || echo miss)" "$(result "$name" racelab 1)" "$note"
        done
    } >"$WRITE_BASELINE"
fi
if [ -n "$CHECK_BASELINE" ]; then
    status=0
    for name in $NAMES; do
        line=$(grep -E "^$name \|" "$CHECK_BASELINE")
        if [ -z "$line" ]; then
            echo "NOT IN BASELINE: $name: add its line to $CHECK_BASELINE"
            status=1
            continue
        fi
        was=$(echo "$line" | awk -F' [|] ' '{print $3}')
        now=ok
        for rep in $(seq 1 "$REPEAT"); do
            [ "$(right "$name" racelab "$rep")" = 2 ] || now=miss
        done
        if [ "$was" = ok ] && [ "$now" = miss ]; then
            echo "REGRESSION: $name (expect $(header "$(main_file "$name")" expect)): now" \
                "$(for rep in $(seq 1 "$REPEAT"); do printf '[%s] ' "$(result "$name" racelab "$rep")"; done)"
            status=1
        elif [ "$was" = miss ] && [ "$now" = ok ]; then
            echo "KNOWN MISS NOW RIGHT: $name: $(result "$name" racelab 1) (update $CHECK_BASELINE)"
        fi
    done
    [ $status = 0 ] && echo "no regression against $(basename "$CHECK_BASELINE")"
    exit $status
fi
