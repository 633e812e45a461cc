#!/usr/bin/env bash
# The engines' scale curve: how each engine's search latency and index size grow with the corpus,
# read from `news-bench compare` reports (their JSON), one point per corpus and engine. Writes
# bench/results/scale-engines.md and, when gnuplot is installed, scale-engines-latency.png and
# scale-engines-size.png (log-log). Runs nothing itself: each point is as its report measured it,
# on the date and load the report gives.
# Run: bench/scale_engines.sh [REPORT.json ...]
#   default: bench/results/compare-{fakenewsnet,reuters,synthetic-100k,synthetic-1m}.json
set -euo pipefail
cd "$(dirname "$0")/.."

command -v jq >/dev/null || { echo "scale_engines: needs jq" >&2; exit 1; }
if (($# == 0)); then
  set -- bench/results/compare-{fakenewsnet,reuters,synthetic-100k,synthetic-1m}.json
fi
for report in "$@"; do
  [[ -f $report ]] || { echo "scale_engines: $report not found (run news-bench compare first)" >&2; exit 1; }
done

out=bench/results/scale-engines
engines=(news xapian sqlite lucene floor)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One line per report and engine: corpus, articles, engine, top-10 p50, top-10 + facets p50,
# index MiB (ours compacted; empty for an engine that shares ours or keeps it in memory), date.
jq -r '
  . as $r
  | .engines | to_entries[]
  | .key as $engine
  | ($r.builds[$engine] // null) as $build
  | [$r.corpus.name, $r.articles, $engine,
     .value.all.top.p50_ms, (.value.all.facets.p50_ms // ""),
     (if $build == null or $engine == "floor" then ""
      else ($build[$build.index_size.of // "index_bytes"] / 1048576) end),
     $r.machine.date]
  | @tsv' "$@" | sort -t $'\t' -k2,2n -k3,3 > "$work/points.tsv"

{
  echo "# Scale curve of the compared engines"
  echo
  # shellcheck disable=SC2016 # the backquotes are Markdown's
  echo "Read from the \`news-bench compare\` reports $(printf '`%s` ' "$@")by"
  echo "\`bench/scale_engines.sh\`: each point is as its report measured it (its date below; the"
  echo "reports give the machine, load and commands). Latency is the p50 over all of a corpus's drawn"
  echo "queries, per search inside each engine's process; the index is what each engine serves, the"
  echo "text a hit needs included (ours compacted, side files included; xapian searches ours, floor"
  echo "keeps its index in memory)."
  echo
  echo "| corpus | articles | engine | top-10 p50 ms | top-10 + facets p50 ms | index MiB | measured |"
  echo "|---|---:|---|---:|---:|---:|---|"
  awk -F'\t' '{
    facets = $5 == "" ? "" : sprintf("%.3f", $5)
    size = $6 == "" ? "" : sprintf("%.1f", $6)
    printf "| %s | %d | %s | %.3f | %s | %s | %s |\n", $1, $2, $3, $4, facets, size, $7
  }' "$work/points.tsv"
  echo
  echo "Ratio of each peer's top-10 p50 to ours (above 1: we are faster):"
  echo
  printf '| corpus | articles |'
  for e in "${engines[@]:1}"; do printf ' %s |' "$e"; done
  echo
  printf '|---|---:|'
  for _ in "${engines[@]:1}"; do printf -- '---:|'; done
  echo
  awk -F'\t' -v list="${engines[*]:1}" '
    { key = $2 "\t" $1; p50[key, $3] = $4; if (!(key in seen)) { seen[key] = 1; order[n++] = key } }
    END {
      count = split(list, peers, " ")
      for (i = 0; i < n; i++) {
        split(order[i], parts, "\t")
        line = sprintf("| %s | %d |", parts[2], parts[1])
        for (j = 1; j <= count; j++) {
          ours = p50[order[i], "news"]; theirs = p50[order[i], peers[j]]
          line = line (ours > 0 && theirs != "" ? sprintf(" %.2fx |", theirs / ours) : " |")
        }
        print line
      }
    }' "$work/points.tsv"
  if command -v gnuplot >/dev/null; then
    echo
    echo "![top-10 p50 against articles](scale-engines-latency.png)"
    echo "![index size against articles](scale-engines-size.png)"
  fi
} > "$out.md"

if command -v gnuplot >/dev/null; then
  for e in "${engines[@]}"; do
    awk -F'\t' -v e="$e" '$3 == e' "$work/points.tsv" > "$work/$e.tsv"
  done
  plot_lines() { # column, engines...
    local column=$1 first=1
    shift
    for e in "$@"; do
      [[ -s $work/$e.tsv ]] || continue
      ((first)) || printf ', '
      printf '"%s" using 2:($%s > 0 ? $%s : 1/0) with linespoints title "%s"' "$work/$e.tsv" "$column" "$column" "$e"
      first=0
    done
  }
  gnuplot <<EOF
set terminal pngcairo size 900,560 noenhanced
set logscale xy
set grid
set key top left
set xlabel "articles"
set datafile separator "\t"
set output "$out-latency.png"
set title "top-10 p50 per search (ms) against corpus size"
set ylabel "ms"
plot $(plot_lines 4 "${engines[@]}")
set output "$out-size.png"
set title "index size (MiB) against corpus size"
set ylabel "MiB"
plot $(plot_lines 6 news sqlite lucene)
EOF
fi
cat "$out.md"
