#!/usr/bin/env bash
# Indexing throughput on the shared corpora: for each corpus and thread count, wall time,
# articles/s, MB/s of input, peak RSS, index size and size after xapian-compact; then an
# unchanged re-run. Reads ../shared/corpora in place (archives are read as streams) and writes
# a Markdown table to bench/results/indexing.md.
# Run: cmake --preset bench && cmake --build --preset bench && bench/index_corpora.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bin=build/bench/indexer/news-index
shared=${NEWS_SHARED_DIR:-../shared}/corpora
[[ -x $bin ]] || { echo "index_corpora: build the bench preset first" >&2; exit 1; }
[[ -d $shared ]] || { echo "index_corpora: skipped: $shared not found" >&2; exit 0; }
command -v xapian-compact >/dev/null || { echo "index_corpora: needs xapian-compact (Debian xapian-tools)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=bench/results/indexing.md

# name | input bytes (uncompressed article data, from SOURCE.md) | news-index arguments
corpora=(
  "Reuters-21578|27636766|--format reuters $shared/reuters21578/reuters21578.tar.gz"
  "FakeNewsNet|173679684|$shared/fakenewsnet-articles/fakenewsnet_articles.tar.xz"
  "BBC|5041384|--category-from-folder --skip-duplicates $shared/bbc-fulltext/bbc-fulltext.tar.xz"
)

{
  echo "# Indexing the shared corpora"
  echo
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)."
  echo "Command: \`bench/index_corpora.sh\` (bench preset). Inputs are read from their archives."
  echo
  echo "| corpus | threads | articles | wall s | articles/s | input MB/s | peak RSS MiB | index MiB | compacted MiB | unchanged re-run s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$out"

for entry in "${corpora[@]}"; do
  IFS='|' read -r name bytes args <<< "$entry"
  for threads in 1 2; do
    db=$work/db
    rm -rf "$db" "$db.compact"
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" --db "$db" -q --json --threads "$threads" $args > "$work/events"
    read -r wall rss_kib < "$work/time"
    articles=$(tail -1 "$work/events" | grep -o '"indexed":[0-9]*' | cut -d: -f2)
    size=$(du -sk "$db" | cut -f1)
    xapian-compact "$db" "$db.compact" > /dev/null
    compact=$(du -sk "$db.compact" | cut -f1)
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e' -o "$work/rerun" "$bin" --db "$db" -q --threads "$threads" $args
    rerun=$(cat "$work/rerun")
    awk -v n="$name" -v t="$threads" -v a="$articles" -v w="$wall" -v b="$bytes" -v r="$rss_kib" \
        -v s="$size" -v c="$compact" -v rr="$rerun" 'BEGIN {
      printf "| %s | %d | %d | %.1f | %.0f | %.2f | %.0f | %.0f | %.0f | %.1f |\n",
             n, t, a, w, a / w, b / 1e6 / w, r / 1024, s / 1024, c / 1024, rr }' >> "$out"
  done
done
cat "$out"
