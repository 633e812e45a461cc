package news.lucene;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.Version;

/** The query command: latency per query and mode, then multi-threaded throughput. */
final class QueryBench {
    private QueryBench() {}

    /** Warm-up stops here even if the JIT is still compiling. */
    static final double MAX_WARMUP_SECONDS = 30.0;
    /** Searching time without any JIT compilation that ends the warm-up. */
    static final double JIT_QUIET_SECONDS = 1.0;

    record Settings(int runs, int warmup, List<Integer> threads, int k, double minWarmupSeconds) {}

    /** One line of the queries file and what became of it. */
    private static final class Entry {
        final Tsv.Query query;
        Main.Built built;
        String error;
        final long[][] ns;                    // [mode][run]
        final Main.Result[] last = new Main.Result[Main.Mode.values().length];

        Entry(Tsv.Query query, int runs) {
            this.query = query;
            this.ns = new long[Main.Mode.values().length][runs];
        }

        boolean runnable() {
            return error == null;
        }
    }

    static List<Tsv.Query> readQueries(Path file) throws Fail, IOException {
        List<Tsv.Query> queries = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        try (BufferedReader in = Main.utf8(file)) {
            String line;
            long lineNo = 0;
            while ((line = Main.readLine(in, file, lineNo)) != null) {
                ++lineNo;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Tsv.Query query;
                try {
                    query = Tsv.query(line);
                } catch (Fail fail) {
                    throw Fail.usage(file + ":" + lineNo + ": " + fail.getMessage());
                }
                if (!ids.add(query.id())) {
                    throw Fail.usage(file + ":" + lineNo + ": query id '" + query.id()
                                     + "' used twice");
                }
                queries.add(query);
            }
        }
        return queries;
    }

    static void run(Path indexDir, Path queriesFile, Settings settings, PrintStream out)
            throws Fail, IOException {
        List<Entry> entries = new ArrayList<>();
        for (Tsv.Query query : readQueries(queriesFile)) {
            entries.add(new Entry(query, settings.runs()));
        }

        long openStart = System.nanoTime();
        try (DirectoryReader reader = Main.openIndex(indexDir);
             Analyzer analyzer = new EnglishAnalyzer()) {
            IndexSearcher searcher = Main.searcher(reader);
            // Built once per searcher, as Lucene's facet documentation asks: it maps every facet
            // value to its ordinal and is what makes SortedSetDocValuesFacetCounts cheap.
            SortedSetDocValuesReaderState facetState = Main.facetState(reader);
            double openSeconds = (System.nanoTime() - openStart) / 1e9;

            // Turned into Lucene queries outside the timed region, like a prepared query.
            for (Entry e : entries) {
                try {
                    e.built = Main.build(e.query, analyzer);
                } catch (Fail fail) {
                    e.error = fail.getMessage();
                }
            }

            // Warm-up, longer than the protocol's minimum as it allows for a JIT: first the W
            // passes of every mode, then rounds of one pass per mode until at least
            // minWarmupSeconds (3 s by default) have gone by and HotSpot has compiled nothing
            // for a second of searching (its total compilation time stands still), or until
            // MAX_WARMUP_SECONDS. Every mode is warmed before any is timed, so none is timed
            // while C2 is still compiling its collectors (which, on a busy two-core machine,
            // can take longer than a few seconds). --min-warmup-seconds 0 turns this off.
            Main.Mode[] modes = Main.Mode.values();
            int[] warmupPasses = new int[modes.length];
            long warmStart = System.nanoTime();
            boolean anyRunnable = entries.stream().anyMatch(Entry::runnable);
            for (Main.Mode mode : modes) {
                for (int w = 0; anyRunnable && w < settings.warmup(); ++w) {
                    pass(searcher, entries, mode, settings.k(), facetState, -1);
                    ++warmupPasses[mode.ordinal()];
                }
            }
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
            double maxSeconds = Math.max(MAX_WARMUP_SECONDS, settings.minWarmupSeconds());
            double quietSeconds = 0;
            boolean jitQuiet = false;
            while (anyRunnable && settings.minWarmupSeconds() > 0) {
                double elapsed = (System.nanoTime() - warmStart) / 1e9;
                jitQuiet = !jitTimed || quietSeconds >= JIT_QUIET_SECONDS;
                if (elapsed >= maxSeconds || (elapsed >= settings.minWarmupSeconds() && jitQuiet)) {
                    break;
                }
                long compiledBefore = jitTimed ? jit.getTotalCompilationTime() : 0;
                long roundStart = System.nanoTime();
                for (Main.Mode mode : modes) {
                    pass(searcher, entries, mode, settings.k(), facetState, -1);
                    ++warmupPasses[mode.ordinal()];
                }
                double round = (System.nanoTime() - roundStart) / 1e9;
                boolean compiled = jitTimed && jit.getTotalCompilationTime() != compiledBefore;
                quietSeconds = compiled ? 0 : quietSeconds + round;
            }
            double warmupSeconds = (System.nanoTime() - warmStart) / 1e9;

            for (Main.Mode mode : modes) {
                for (int r = 0; r < settings.runs(); ++r) {
                    pass(searcher, entries, mode, settings.k(), facetState, r);
                }
            }

            List<Main.Built> runnable = new ArrayList<>();
            for (Entry e : entries) {
                if (e.runnable()) {
                    runnable.add(e.built);
                }
            }
            List<String> throughput = new ArrayList<>();
            for (int threads : settings.threads()) {
                throughput.add(throughput(reader, runnable, threads, settings.k()));
            }

            StringBuilder json = new StringBuilder(1 << 16);
            json.append("{\n  \"engine\": \"lucene\",\n  \"version\": ");
            Json.string(json, Version.LATEST.toString());
            json.append(",\n  \"open_seconds\": ").append(Json.seconds(openSeconds))
                .append(",\n  \"peak_rss_kib\": ").append(Main.peakRssKib())
                .append(",\n  \"documents\": ").append(reader.numDocs())
                .append(",\n  \"segments\": ").append(reader.leaves().size())
                .append(",\n  \"runs\": ").append(settings.runs())
                .append(",\n  \"k\": ").append(settings.k())
                .append(",\n  \"query_cache\": false");
            json.append(",\n  \"warmup_seconds\": ").append(Json.seconds(warmupSeconds))
                .append(",\n  \"warmup_jit_quiet\": ").append(jitQuiet)
                .append(",\n  \"warmup_passes\": {");
            for (Main.Mode mode : modes) {
                json.append(mode.ordinal() == 0 ? "" : ", ").append('"').append(modeName(mode))
                    .append("\": ").append(warmupPasses[mode.ordinal()]);
            }
            json.append("},\n  \"queries\": [");
            for (int i = 0; i < entries.size(); ++i) {
                json.append(i == 0 ? "\n    " : ",\n    ");
                queryJson(json, entries.get(i));
            }
            json.append("\n  ],\n  \"throughput\": [");
            json.append(String.join(", ", throughput));
            json.append("]\n}");
            out.println(json);
        }
    }

    private static String modeName(Main.Mode mode) {
        return switch (mode) {
            case TOP -> "top";
            case COUNT -> "count";
            case FACETS -> "facets";
        };
    }

    /** One pass over every runnable query in @p mode; timed into run @p run unless it is -1. */
    private static void pass(IndexSearcher searcher, List<Entry> entries, Main.Mode mode, int k,
                             SortedSetDocValuesReaderState facetState, int run) {
        int m = mode.ordinal();
        for (Entry e : entries) {
            if (!e.runnable()) {
                continue;
            }
            try {
                long start = System.nanoTime();
                Main.Result result = Main.search(searcher, e.built, mode, k, facetState);
                long elapsed = System.nanoTime() - start;
                if (run >= 0) {
                    e.ns[m][run] = elapsed;
                    e.last[m] = result;
                }
            } catch (IOException | RuntimeException ex) {
                e.error = ex.toString();
            }
        }
    }

    /**
     * Every query in top mode once per thread, each thread starting at its own offset in the
     * list and going round it, so that the threads do not run the same query at the same time.
     * Each thread has its own IndexSearcher over the one shared DirectoryReader: what Lucene
     * users do (the reader holds the open segments and is thread-safe; a searcher is a cheap
     * wrapper, and sharing one would be as correct). The pass is timed from the moment every
     * thread is ready to the last one finishing (joined).
     */
    private static String throughput(DirectoryReader reader, List<Main.Built> queries, int threads,
                                     int k) throws IOException {
        // The clock starts in the barrier's action, run before any thread is released (read
        // after the barrier by the main thread, it could start after a short pass had ended).
        AtomicLong start = new AtomicLong();
        CyclicBarrier ready = new CyclicBarrier(threads + 1, () -> start.set(System.nanoTime()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        int n = queries.size();
        for (int t = 0; t < threads; ++t) {
            int offset = (int) ((long) t * n / threads);
            IndexSearcher searcher = Main.searcher(reader);
            Thread worker = new Thread(() -> {
                try {
                    ready.await();
                    for (int i = 0; i < n; ++i) {
                        Main.search(searcher, queries.get((offset + i) % n), Main.Mode.TOP, k, null);
                    }
                } catch (IOException | RuntimeException | InterruptedException
                         | BrokenBarrierException ex) {
                    failure.compareAndSet(null, ex);
                }
            }, "search-" + t);
            workers.add(worker);
            worker.start();
        }
        try {
            ready.await();
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException | BrokenBarrierException ex) {
            throw new IOException("throughput pass interrupted", ex);
        }
        double seconds = (System.nanoTime() - start.get()) / 1e9;
        if (failure.get() != null) {
            throw new IOException("throughput pass failed: " + failure.get(), failure.get());
        }
        return "{\"threads\": " + threads + ", \"searches\": " + ((long) n * threads)
            + ", \"seconds\": " + Json.seconds(seconds) + "}";
    }

    private static void queryJson(StringBuilder json, Entry e) {
        json.append("{\"id\": ");
        Json.string(json, e.query.id());
        json.append(", \"class\": ");
        Json.string(json, e.query.queryClass());
        if (!e.runnable()) {
            json.append(", \"error\": ");
            Json.string(json, e.error);
            json.append('}');
            return;
        }
        Main.Result count = e.last[Main.Mode.COUNT.ordinal()];
        Main.Result top = e.last[Main.Mode.TOP.ordinal()];
        Main.Result facets = e.last[Main.Mode.FACETS.ordinal()];
        json.append(", \"hits\": ").append(count.total().value);
        // Optional: what top mode reported, a lower bound when Lucene stopped counting.
        json.append(", \"top_hits\": ").append(top.total().value)
            .append(", \"top_hits_exact\": ")
            .append(top.total().relation == TotalHits.Relation.EQUAL_TO);
        if (e.built.note() != null) {
            json.append(", \"note\": ");
            Json.string(json, e.built.note());
        }
        json.append(", \"top\": [");
        for (int i = 0; i < count.top().size(); ++i) {
            if (i > 0) {
                json.append(", ");
            }
            Json.string(json, count.top().get(i));
        }
        json.append("], \"facets\": {");
        boolean firstDim = true;
        for (Map.Entry<String, List<LabelAndValue>> dim : facets.facets().entrySet()) {
            json.append(firstDim ? "" : ", ");
            firstDim = false;
            Json.string(json, dim.getKey()).append(": [");
            boolean first = true;
            for (LabelAndValue lv : dim.getValue()) {
                json.append(first ? "[" : ", [");
                first = false;
                Json.string(json, lv.label).append(", ").append(lv.value).append(']');
            }
            json.append(']');
        }
        json.append("}, \"ns\": {");
        for (Main.Mode mode : Main.Mode.values()) {
            json.append(mode.ordinal() == 0 ? "\"" : ", \"").append(modeName(mode)).append("\": [");
            long[] runs = e.ns[mode.ordinal()];
            for (int r = 0; r < runs.length; ++r) {
                json.append(r == 0 ? "" : ", ").append(runs[r]);
            }
            json.append(']');
        }
        json.append("}}");
    }
}
