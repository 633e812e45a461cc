#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz preset: clang, ASan + UBSan) and runs each for a while, two
# at a time, each on a scratch copy of its seed corpus (tests/fuzz/corpus/<name>), so the
# repository is never written to. Prints one line per target; exits 1 if any target crashed,
# leaked, timed out or ran out of memory, naming the reproducer.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
#   replay a reproducer:  build/fuzz/tests/fuzz/news_fuzz_<name> <reproducer>
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

seconds=${1:-60}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz.sh: error: SECONDS_PER_TARGET must be a positive whole number, not '$seconds'" >&2
    exit 64
fi

# Each target with the largest input worth trying: a few articles, or one long query.
targets=(txt:4096 jsonl:4096 json:4096 fakenewsnet:4096 reuters:8192 utf8:1024 query:256
         search:256)
parallel=2

if ! command -v clang++ >/dev/null ||
   ! compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
    scripts/install-deps.sh --fuzz
fi

echo "== building the fuzz preset" >&2
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$parallel}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz >/dev/null
bin=$repo/build/fuzz/tests/fuzz

scratch=$(mktemp -d "${TMPDIR:-/tmp}/news-fuzz.XXXXXX")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$repo/tests/fuzz/lsan.supp}

run_target() {
    local name=$1 max_len=$2 work=$scratch/$1
    mkdir -p "$work/corpus" "$work/artifacts"
    cp -R "$repo/tests/fuzz/corpus/$name/." "$work/corpus/"
    local status=0
    # TMPDIR: what a crashed target leaves behind (the search database) stays in the scratch.
    (cd "$work" && TMPDIR=$work "$bin/news_fuzz_$name" -max_total_time="$seconds" -max_len="$max_len" \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
        "$work/corpus" >"$work/log" 2>&1) || status=$?
    echo "$status" >"$work/status"
}

echo "== fuzzing ${#targets[@]} targets for ${seconds}s each, $parallel at a time ($scratch)" >&2
start=$SECONDS
running=0
for entry in "${targets[@]}"; do
    if ((running == parallel)); then
        wait -n
        running=$((running - 1))
    fi
    run_target "${entry%%:*}" "${entry##*:}" &
    running=$((running + 1))
done
wait

failed=0
for entry in "${targets[@]}"; do
    name=${entry%%:*}
    work=$scratch/$name
    # The final stats, or after a crash the last status line ("#1234 ... exec/s: 56 ...").
    executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$' ||
                 grep -o '^#[0-9]*' "$work/log" | tail -n 1 | tr -d '#' || true)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$work/log" | grep -o '[0-9]*$' ||
           grep -o 'exec/s: [0-9]*' "$work/log" | tail -n 1 | grep -o '[0-9]*$' || true)
    reproducer=$(find "$work/artifacts" -type f | head -n 1)
    if [[ $(cat "$work/status") == 0 && -z $reproducer ]]; then
        outcome=ok
    else
        failed=1
        outcome="FAILED (exit $(cat "$work/status")): reproducer ${reproducer:-none}, log $work/log"
    fi
    printf '%-12s %10s executions %8s exec/s  %s\n' "$name" "${executions:-?}" "${rate:-?}" "$outcome"
done
echo "== $((SECONDS - start))s of fuzzing" >&2

if ((failed)); then
    echo "fuzz.sh: error: a target failed; its reproducer and log are kept under $scratch" >&2
    echo "hint: replay one with $bin/news_fuzz_<name> <reproducer>, then add it to" \
         "tests/fuzz/corpus/<name>/ as regress-<what>" >&2
    exit 1
fi
rm -rf "$scratch"
