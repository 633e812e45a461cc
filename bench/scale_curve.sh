#!/usr/bin/env bash
# The scale curve: how indexing and query latency grow with the corpus. For each size (100k,
# 300k and 1M articles by default) news-synth writes a synthetic corpus recombined from the
# shared corpora (to a temp dir, never into the repository); news-index --threads 2 indexes it
# (wall time, articles/s, peak RSS, index size before and after xapian-compact); news-bench runs
# bench/queries/news.txt five times on the compacted database (p50/p95/p99 of top-k and
# top-k+facets). Writes bench/results/scale.md and bench/results/scale.json after every size,
# so a long run that is stopped keeps the sizes it finished.
# Run: cmake --preset bench && cmake --build --preset bench && bench/scale_curve.sh
# Environment: NEWS_BUILD_DIR (default build/bench), NEWS_SHARED_DIR (default ../shared),
#   NEWS_SCALE_SIZES (default "100000 300000 1000000"), NEWS_SCALE_SEED (default news-synth's),
#   TMPDIR (where corpora and databases go: about 20 GB for 1M articles), NEWS_SCALE_CODE (what
#   the binaries were built from, for the report; default: this checkout's commit).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${NEWS_BUILD_DIR:-build/bench}
shared=${NEWS_SHARED_DIR:-../shared}/corpora
read -r -a sizes <<< "${NEWS_SCALE_SIZES:-100000 300000 1000000}"
seed=${NEWS_SCALE_SEED:-21578}
queries=bench/queries/news.txt
synth=$build/corpus/synthetic/news-synth
index=$build/indexer/news-index
bench=$build/bench/news-bench

[[ -d $shared ]] || { echo "scale_curve: skipped: $shared not found (the synthetic corpora are made from it)" >&2; exit 0; }
for tool in "$synth" "$index" "$bench"; do
  [[ -x $tool ]] || { echo "scale_curve: $tool not found: build the bench preset first (or set NEWS_BUILD_DIR)" >&2; exit 1; }
done
for cmd in xapian-compact jq; do
  command -v "$cmd" >/dev/null || { echo "scale_curve: needs $cmd (Debian xapian-tools, jq)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out_md=bench/results/scale.md
out_json=bench/results/scale.json
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
mem_gib=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
command="NEWS_BUILD_DIR=$build NEWS_SCALE_SIZES=\"${sizes[*]}\" bench/scale_curve.sh"
code=${NEWS_SCALE_CODE:-commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' with uncommitted changes')}
query_count=$(grep -cv '^[[:space:]]*\(#\|$\)' "$queries")
echo '[]' > "$work/rows.json"

write_results() {
  jq -n --arg started "$started" --arg cpu "$cpu" --argjson cores "$(nproc)" \
        --argjson mem "$mem_gib" --arg command "$command" --arg code "$code" --arg queries "$queries" \
        --argjson seed "$seed" --arg xapian "$(xapian-config --version 2>/dev/null | sed "s/.* //" || echo 1.4)" \
        --slurpfile rows "$work/rows.json" \
    '{format_version: 1, started: $started,
      machine: {cpu: $cpu, cores: $cores, memory_gib: $mem, xapian: $xapian},
      command: $command, code: $code, seed: $seed, queries: $queries, index_threads: 2, bench_runs: 5,
      sizes: $rows[0]}' > "$out_json"
  {
    echo "# Scale curve: synthetic corpora of 100k, 300k and 1M articles"
    echo
    echo "$(nproc) cores, $cpu, $mem_gib GiB RAM, Debian 12, Xapian $(xapian-config --version 2>/dev/null | sed "s/.* //"); run started $started."
    echo "Command: \`$command\` (bench preset, Release). Seed $seed. Code: $code."
    echo
    echo "Each corpus is written by \`news-synth --corpora ../shared/corpora --count N\` (sentences and"
    echo "metadata of Reuters-21578, FakeNewsNet and BBC recombined, 30% near-duplicate rewrites; see"
    echo "corpus/synthetic/README.md), indexed by \`news-index --threads 2\` from a JSON Lines file,"
    echo "compacted with \`xapian-compact\`, then queried with \`news-bench --queries $queries --runs 5\`"
    echo "on the compacted database (latencies in ms, over $query_count queries x 5 runs after a warm-up"
    echo "pass). \"generate s\" includes reading the three corpora from their archives (20-60 s)."
    echo "The machine was shared: other builds and benchmarks ran at the same time (\"load\" is the"
    echo "1-minute load average when indexing started), so times can be off by tens of percent."
    echo
    echo "| articles | corpus MB | generate s | index s | articles/s | index peak RSS MiB | index MiB | compacted MiB | top-k p50 | p95 | p99 | top-k+facets p50 | p95 | p99 | load |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    jq -r '.sizes[] | "| \(.articles) | \(.corpus_bytes / 1e6 | round) | \(.generate_s) | \(.index_s) | \(.articles_per_s | round) | \(.index_peak_rss_kib / 1024 | round) | \(.index_kib / 1024 | round) | \(.compacted_kib / 1024 | round) | \(.top_k.p50_ms * 1000 | round / 1000) | \(.top_k.p95_ms * 1000 | round / 1000) | \(.top_k.p99_ms * 1000 | round / 1000) | \(.top_k_facets.p50_ms * 1000 | round / 1000) | \(.top_k_facets.p95_ms * 1000 | round / 1000) | \(.top_k_facets.p99_ms * 1000 | round / 1000) | \(.load) |"' "$out_json"
    echo
    echo "Facets counted in top-k+facets: news-bench's defaults (source, author, category, date.month)."
    echo "Full news-bench reports, with top-k+snippets, mean, max and queries/s, are in scale.json."
  } > "$out_md"
}

for n in "${sizes[@]}"; do
  corpus=$work/synth-$n.jsonl
  db=$work/db-$n
  echo "scale_curve: $n articles: generating" >&2
  /usr/bin/time -f '%e %M' -o "$work/time" \
    "$synth" --corpora "$shared" --count "$n" --seed "$seed" --output "$corpus" -q
  read -r gen_s gen_rss < "$work/time"
  corpus_bytes=$(stat -c %s "$corpus")

  echo "scale_curve: $n articles: indexing" >&2
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %M' -o "$work/time" \
    "$index" --db "$db" --threads 2 -q --json "$corpus" > "$work/events"
  read -r index_s index_rss < "$work/time"
  indexed=$(tail -1 "$work/events" | jq '.indexed')
  rm -f "$corpus"
  index_kib=$(du -sk "$db" | cut -f1)

  echo "scale_curve: $n articles: compacting" >&2
  /usr/bin/time -f '%e' -o "$work/time" xapian-compact "$db" "$db.compact" > /dev/null
  compact_s=$(cat "$work/time")
  compacted_kib=$(du -sk "$db.compact" | cut -f1)
  rm -rf "$db"

  echo "scale_curve: $n articles: querying" >&2
  "$bench" --db "$db.compact" --queries "$queries" --runs 5 --json > "$work/bench.json"
  rm -rf "$db.compact"

  jq --argjson n "$n" --argjson indexed "$indexed" --argjson bytes "$corpus_bytes" \
     --argjson gen_s "$gen_s" --argjson gen_rss "$gen_rss" --argjson index_s "$index_s" \
     --argjson index_rss "$index_rss" --argjson index_kib "$index_kib" \
     --argjson compact_s "$compact_s" --argjson compacted_kib "$compacted_kib" \
     --argjson load "$load" --slurpfile bench "$work/bench.json" \
    '. + [{articles: $n, indexed: $indexed, corpus_bytes: $bytes,
           generate_s: $gen_s, generate_peak_rss_kib: $gen_rss,
           index_s: $index_s, articles_per_s: ($indexed / $index_s),
           index_peak_rss_kib: $index_rss, index_kib: $index_kib,
           compact_s: $compact_s, compacted_kib: $compacted_kib, load: $load,
           top_k: ($bench[0].modes[] | select(.name == "top-k")),
           top_k_facets: ($bench[0].modes[] | select(.name == "top-k+facets")),
           bench: $bench[0]}]' "$work/rows.json" > "$work/rows.next"
  mv "$work/rows.next" "$work/rows.json"
  write_results
  echo "scale_curve: $n articles: done" >&2
done
cat "$out_md"
