#!/usr/bin/env bash
# Indexing throughput on the shared corpora. For each corpus, in one run: the plain
# single-threaded Xapian loop (news-plain-index, the floor), then news-index with 1 thread,
# 2 threads with one writer (--single-writer) and 2 threads with one shard per thread merged by
# compaction (the default for a new database). Reported: wall and CPU time, articles/s, input
# MB/s, speed relative to the plain loop, peak RSS, index size before and after xapian-compact,
# and an unchanged re-run. Then peak RSS on FakeNewsNet under two --memory values.
# Reads ../shared/corpora in place (archives are read as streams) and writes a Markdown table
# to bench/results/indexing.md (or $NEWS_INDEXING_OUT).
# Run: cmake --preset bench && cmake --build --preset bench && bench/index_corpora.sh
#   NEWS_BUILD_DIR=build/other   the build to measure (default build/bench)
#   NEWS_CORPORA="Reuters-21578" only the corpora named (|-separated), default all
#   NEWS_REPEAT=2                runs of each build, the fastest reported (default 1): on a
#                                shared machine the fastest run is the least disturbed one
set -euo pipefail
cd "$(dirname "$0")/.."

build=${NEWS_BUILD_DIR:-build/bench}
bin=$build/indexer/news-index
plain=$build/bench/indexing/news-plain-index
shared=${NEWS_SHARED_DIR:-../shared}/corpora
out=${NEWS_INDEXING_OUT:-bench/results/indexing.md}
only=${NEWS_CORPORA:-}
repeat=${NEWS_REPEAT:-1}
[[ -x $bin && -x $plain ]] || { echo "index_corpora: build news-index and news-plain-index in $build first" >&2; exit 1; }
[[ -d $shared ]] || { echo "index_corpora: skipped: $shared not found" >&2; exit 0; }
command -v xapian-compact >/dev/null || { echo "index_corpora: needs xapian-compact (Debian xapian-tools)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name | input bytes (uncompressed article data, from SOURCE.md) | reader arguments (both tools)
# | news-index only arguments
corpora=(
  "Reuters-21578|27636766|--format reuters $shared/reuters21578/reuters21578.tar.gz|"
  "FakeNewsNet|173679684|$shared/fakenewsnet-articles/fakenewsnet_articles.tar.xz|"
  "BBC|5041384|--category-from-folder $shared/bbc-fulltext/bbc-fulltext.tar.xz|--skip-duplicates"
)
# label | news-index arguments
modes=(
  "news-index, 1 thread|--threads 1"
  "news-index, 2 threads, one writer|--threads 2 --single-writer"
  "news-index, 2 threads, 2 shards|--threads 2"
)

# Builds the database $db from scratch with "$@" under /usr/bin/time, $repeat times; sets wall,
# cpu (user + system s) and rss_kib from the fastest run, whose events stay in $work/events.
timed() {
  local best=
  for ((run = 0; run < repeat; run++)); do
    rm -rf "$db" "$db.compact"
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > "$work/events.try"
    read -r w u s r < "$work/time"
    if [[ -z $best ]] || awk -v a="$w" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$w wall=$w rss_kib=$r
      cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.1f", u + s }')
      mv "$work/events.try" "$work/events"
      if ((run + 1 < repeat)); then rm -rf "$db.best"; cp -r "$db" "$db.best"; fi
    fi
  done
  if [[ -d $db.best ]]; then rm -rf "$db"; mv "$db.best" "$db"; fi
}

{
  echo "# Indexing the shared corpora"
  echo
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1-3 /proc/loadavg) before the run."
  echo "Command: \`NEWS_BUILD_DIR=$build NEWS_REPEAT=$repeat bench/index_corpora.sh\` (bench preset; the fastest of $repeat runs of each build). Inputs are read from their archives."
  echo "\"vs plain\" is the plain loop's wall time divided by this row's: above 1 is faster than the plain"
  echo "single-threaded Xapian loop. CPU s is user + system time of all threads."
  echo
  echo "| corpus | run | articles | wall s | CPU s | articles/s | input MB/s | vs plain | peak RSS MiB | index MiB | compacted MiB | unchanged re-run s |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$out"

row() { # corpus label articles bytes plain_wall size_kib compact_kib rerun
  awk -v n="$1" -v l="$2" -v a="$3" -v w="$wall" -v c="$cpu" -v b="$4" -v p="$5" -v r="$rss_kib" \
      -v s="$6" -v k="$7" -v rr="$8" 'BEGIN {
    printf "| %s | %s | %d | %.1f | %.1f | %.0f | %.2f | %.2fx | %.0f | %.0f | %.0f | %s |\n",
           n, l, a, w, c, a / w, b / 1e6 / w, p / w, r / 1024, s / 1024, k / 1024, rr }' >> "$out"
}

for entry in "${corpora[@]}"; do
  IFS='|' read -r name bytes args extra <<< "$entry"
  [[ -z $only || "|$only|" == *"|$name|"* ]] || continue
  db=$work/db
  # shellcheck disable=SC2086
  timed "$plain" --db "$db" $args
  plain_wall=$wall
  articles=$(grep -o '"indexed":[0-9]*' "$work/events" | cut -d: -f2)
  xapian-compact "$db" "$db.compact" > /dev/null
  row "$name" "plain Xapian loop" "$articles" "$bytes" "$plain_wall" "$(du -sk "$db" | cut -f1)" \
      "$(du -sk "$db.compact" | cut -f1)" ""
  for mode in "${modes[@]}"; do
    IFS='|' read -r label flags <<< "$mode"
    # shellcheck disable=SC2086
    timed "$bin" --db "$db" -q --json $flags $args $extra
    articles=$(tail -1 "$work/events" | grep -o '"indexed":[0-9]*' | cut -d: -f2)
    saved_wall=$wall saved_cpu=$cpu saved_rss=$rss_kib
    size=$(du -sk "$db" | cut -f1)
    xapian-compact "$db" "$db.compact" > /dev/null
    compact=$(du -sk "$db.compact" | cut -f1)
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e' -o "$work/rerun" "$bin" --db "$db" -q $flags $args $extra
    wall=$saved_wall cpu=$saved_cpu rss_kib=$saved_rss
    row "$name" "$label" "$articles" "$bytes" "$plain_wall" "$size" "$compact" "$(printf '%.1f' "$(cat "$work/rerun")")"
  done
done

if [[ -z $only || "|$only|" == *"|FakeNewsNet|"* ]]; then
  {
    echo
    echo "Peak RSS under --memory (FakeNewsNet, default mode, 2 threads; the xz decoder of this archive"
    echo "alone needs 65 MiB, \`xz -lvv\`):"
    echo
    echo "| --memory MiB | wall s | peak RSS MiB |"
    echo "|---:|---:|---:|"
  } >> "$out"
  db=$work/db
  for memory in 32 512; do
    timed "$bin" --db "$db" -q --threads 2 --memory "$memory" "$shared/fakenewsnet-articles/fakenewsnet_articles.tar.xz"
    awk -v m="$memory" -v w="$wall" -v r="$rss_kib" 'BEGIN { printf "| %d | %.1f | %.0f |\n", m, w, r / 1024 }' >> "$out"
  done
fi
cat "$out"
