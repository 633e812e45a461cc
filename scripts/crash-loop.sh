#!/usr/bin/env bash
# Kills news-index with SIGKILL at random moments, N times, and checks after each kill that the
# database passes xapian-check, answers a search, and that re-running the same command reaches
# the exact expected article count with no temporary folders left behind.
#
#   scripts/crash-loop.sh [N] [--bin BUILD_DIR] [--articles COUNT] [--seed S]
#                         [--input FILE_OR_FOLDER --expect COUNT]
#
# Each round picks one phase, in turn: a fresh (sharded) build, an incremental run on a database
# holding part of the corpus, an --overwrite rebuild, and the end of a fresh build (the merge
# and swap). The kill comes after a random delay within the time an uninterrupted run of that
# phase takes (measured first); in the merge phase, within 150 ms of the merge starting. Without
# --input the corpus is generated: --articles made-up articles (default 4,000) as JSON Lines,
# the same for every run. Exit 0 when every round passed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=20
bin=build/release
input=""
expect=0
seed=1
articles=4000
while [[ $# -gt 0 ]]; do
    case "$1" in
    --bin) bin=$2; shift 2 ;;
    --input) input=$2; shift 2 ;;
    --expect) expect=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --articles) articles=$2; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) rounds=$1; shift ;;
    esac
done
index="$bin/indexer/news-index"
search="$bin/searcher/news-search"
for tool in "$index" "$search"; do
    [[ -x $tool ]] || { echo "crash-loop: $tool not built (--bin BUILD_DIR)" >&2; exit 2; }
done
command -v xapian-check >/dev/null || { echo "crash-loop: xapian-check missing (xapian-tools)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
RANDOM=$seed

if [[ -z $input ]]; then
    input=$work/articles.jsonl
    expect=$articles
    awk -v n=$expect 'BEGIN {
        srand(7);
        for (i = 0; i < n; i++) {
            body = "";
            for (w = 0; w < 120; w++) body = body sprintf("w%d ", int(rand() * 20000));
            printf("{\"id\":\"crash-%d\",\"title\":\"Harbour report %d\",\"body\":\"%s\"}\n", i, i, body);
        }
    }' >"$input"
    head -n $((expect / 2)) "$input" >"$work/half.jsonl"
elif [[ $expect -le 0 ]]; then
    echo "crash-loop: --input needs --expect COUNT" >&2
    exit 2
fi
half=$work/half.jsonl
[[ -f $half ]] || half=$input # a given corpus: the incremental phase re-runs it whole

db=$work/db
count() { xapian-delve "$db" 2>/dev/null | sed -n 's/^number of documents = //p' || true; }

# Seconds (with milliseconds) an uninterrupted run of "$@" takes.
time_run() {
    local start end
    start=$(date +%s%N)
    "$@" -q >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

prepare() { # the database each phase starts from
    rm -rf "$db" "$db".shards-*
    case "$1" in
    incremental) "$index" --db "$db" -q "$half" ;;
    overwrite) "$index" --db "$db" -q "$input" ;;
    esac
}

command_for() {
    case "$1" in
    fresh | merge) echo "$index --db $db $input" ;;
    incremental) echo "$index --db $db $input" ;;
    overwrite) echo "$index --db $db --overwrite $input" ;;
    esac
}

declare -A duration
for phase in fresh incremental overwrite; do
    prepare $phase
    # shellcheck disable=SC2046
    duration[$phase]=$(time_run $(command_for $phase))
done
echo "crash-loop: $rounds kills; uninterrupted runs: fresh ${duration[fresh]} ms," \
    "incremental ${duration[incremental]} ms, overwrite ${duration[overwrite]} ms; $expect articles"

phases=(fresh incremental overwrite merge)
failed=0
for ((round = 1; round <= rounds; round++)); do
    phase=${phases[$(((round - 1) % 4))]}
    prepare "$phase"
    total=${duration[$phase]:-0}
    # shellcheck disable=SC2046
    $(command_for "$phase") -q >/dev/null 2>"$work/err" &
    pid=$!
    if [[ $phase == merge ]]; then
        # The merge writes <db>.shards-<pid>/merged: wait for it, then kill within 150 ms.
        while kill -0 "$pid" 2>/dev/null && ! compgen -G "$db.shards-*/merged" >/dev/null; do
            sleep 0.01
        done
        delay=$((RANDOM % 150))
        total=merge
    else
        delay=$((RANDOM % (total + 1)))
    fi
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null && status=0 || status=$?
    problems=()
    if [[ -d $db ]]; then
        xapian-check "$db" >"$work/check" 2>&1 || problems+=("xapian-check failed: $(tail -n 1 "$work/check")")
        if ! "$search" --db "$db" -n 0 harbour >/dev/null 2>"$work/search"; then
            problems+=("search failed: $(head -n 1 "$work/search")")
        fi
    fi
    after_kill=$(count)
    if [[ $phase == overwrite && -n $after_kill && $after_kill != "$expect" ]]; then
        problems+=("an interrupted --overwrite left $after_kill articles, not the old $expect")
    fi
    # shellcheck disable=SC2046
    $(command_for "$phase") -q >/dev/null 2>"$work/rerun" || problems+=("re-run failed: $(head -n 2 "$work/rerun" | tr '\n' ' ')")
    final=$(count)
    [[ $final == "$expect" ]] || problems+=("re-run holds ${final:-no} articles, not $expect")
    litter=$(find "$work" -maxdepth 1 -name 'db.*' | head -n 1)
    [[ -z $litter ]] || problems+=("left behind: $litter")
    if [[ $phase == merge ]]; then
        when="$delay ms into the merge"
    else
        when="after $delay ms of ~$total"
    fi
    what="round $round ($phase, kill $when, exit $status, ${after_kill:-no database} after the kill)"
    if [[ ${#problems[@]} -eq 0 ]]; then
        echo "crash-loop: ok   $what"
    else
        failed=$((failed + 1))
        echo "crash-loop: FAIL $what: ${problems[*]}"
    fi
done
echo "crash-loop: $((rounds - failed)) passed, $failed failed"
[[ $failed -eq 0 ]]
