#!/usr/bin/env bash
# The main job on the bundled corpus: install what is missing, build (release), index
# corpus/sample, answer a sample query with facets, show the story its five articles make.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target news-index news-search news-bench

bin=build/release
db=build/release/sample.db
"$bin/indexer/news-index" --db "$db" --overwrite corpus/sample
echo
"$bin/searcher/news-search" --db "$db" '"North Korean troops"' --facet source --facet date.month --limit 3
echo
"$bin/searcher/news-search" --db "$db" --story sample/000_32265edf3150e999.txt
echo
echo "Try: $bin/searcher/news-search --db $db 'ATACMS range'"
