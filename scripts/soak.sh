#!/usr/bin/env bash
# Searches in a loop while news-index writes to the same database, and counts failed searches:
# first during incremental runs (batch commits every --batch-size articles), then during
# --overwrite rebuilds (the new database swapped in whole). Every search must exit 0 and find
# at least the articles the database held before the writers started.
#
#   scripts/soak.sh [--bin BUILD_DIR] [--seconds S] [--searchers N] [--articles COUNT]
#
# Bounded: each of the two parts runs for S seconds (default 30). Exit 0 with no failed search.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=build/release
seconds=30
searchers=2
articles=3000
while [[ $# -gt 0 ]]; do
    case "$1" in
    --bin) bin=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --searchers) searchers=$2; shift 2 ;;
    --articles) articles=$2; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "soak: unknown argument $1" >&2; exit 2 ;;
    esac
done
index="$bin/indexer/news-index"
search="$bin/searcher/news-search"
for tool in "$index" "$search"; do
    [[ -x $tool ]] || { echo "soak: $tool not built (--bin BUILD_DIR)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# Made-up articles; every one contains "harbour", and the first half is indexed up front.
awk -v n="$articles" 'BEGIN {
    srand(11);
    for (i = 0; i < n; i++) {
        body = "harbour";
        for (w = 0; w < 100; w++) body = body sprintf(" w%d", int(rand() * 20000));
        printf("{\"id\":\"soak-%d\",\"title\":\"Harbour report %d\",\"body\":\"%s\"}\n", i, i, body);
    }
}' >"$work/all.jsonl"
head -n $((articles / 2)) "$work/all.jsonl" >"$work/half.jsonl"
db=$work/db
"$index" --db "$db" -q "$work/half.jsonl"
floor=$((articles / 2))

# Searches until the stop file appears; prints "searches failures".
search_loop() {
    local n=0 failures=0 total
    while [[ ! -e $work/stop ]]; do
        if total=$("$search" --db "$db" --json -n 0 harbour 2>>"$work/search-errors" |
            sed -n 's/.*"lower":\([0-9]*\).*/\1/p'); then
            if [[ -z $total || $total -lt $floor ]]; then
                failures=$((failures + 1))
                echo "found ${total:-nothing}, fewer than $floor" >>"$work/search-errors"
            fi
        else
            failures=$((failures + 1))
        fi
        n=$((n + 1))
    done
    echo "$n $failures"
}

# Runs the writer command "$@" again and again for $seconds while the searchers search.
soak_part() {
    local name=$1 searches=0 failures=0 writes=0 deadline
    shift
    rm -f "$work/stop" "$work"/result-*
    for ((i = 0; i < searchers; i++)); do
        search_loop >"$work/result-$i" &
    done
    deadline=$((SECONDS + seconds))
    while ((SECONDS < deadline)); do
        "$@" -q || { echo "soak: the writer failed: $*" >&2; exit 1; }
        writes=$((writes + 1))
    done
    touch "$work/stop"
    wait
    for ((i = 0; i < searchers; i++)); do
        read -r n f <"$work/result-$i"
        searches=$((searches + n))
        failures=$((failures + f))
    done
    echo "soak: $name: $searches searches during $writes runs, $failures failed"
    total_failures=$((total_failures + failures))
}

total_failures=0
# Incremental: alternate between two editions of the second half, so every run rewrites it.
sed 's/harbour/harbour edited/' "$work/all.jsonl" >"$work/all-edited.jsonl"
toggle=0
incremental() {
    toggle=$((1 - toggle))
    if ((toggle)); then
        "$index" --db "$db" --batch-size 100 "$work/all-edited.jsonl" "$@"
    else
        "$index" --db "$db" --batch-size 100 "$work/all.jsonl" "$@"
    fi
}
soak_part "incremental commits" incremental
soak_part "--overwrite rebuilds" "$index" --db "$db" --overwrite "$work/all.jsonl"
if [[ -s $work/search-errors ]]; then
    echo "soak: first failures:" >&2
    head -n 5 "$work/search-errors" >&2
fi
[[ $total_failures -eq 0 ]]
