package news.lucene;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiCollector;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopDocsCollector;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.Version;

/**
 * The Lucene peer of `news-bench compare`: the build, query and once commands of
 * bench/peers/PROTOCOL.md on Lucene's own English analysis and BM25.
 */
public final class Main {
    private Main() {}

    // One searchable field holds title + "\n" + body: the protocol searches them together, and
    // one field keeps BM25's statistics (document length, idf) over the same text as the other
    // engines, which index both into one term list.
    static final String TEXT = "text";
    static final String ID = "id";
    static final String TITLE = "title";
    static final String BODY = "body";
    static final String DATE = "date";
    static final String SOURCE = "source";
    static final String TAG = "tag";

    static final int RAM_BUFFER_MB = 256;
    static final int FACET_TOP = 10;
    static final int ONCE_TOP = 10;
    static final double DEFAULT_MIN_WARMUP_SECONDS = 3.0;

    static Similarity similarity() {
        return new BM25Similarity(1.2f, 0.75f);
    }

    static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        config.setMultiValued(TAG, true);
        return config;
    }

    /** Newest first; articles without a date (no doc value) last; then by score. */
    static Sort dateSort() {
        SortField byDate = new SortField(DATE, SortField.Type.LONG, true);
        byDate.setMissingValue(Long.MIN_VALUE);
        return new Sort(byDate, SortField.FIELD_SCORE);
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
                                          StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                                          StandardCharsets.UTF_8);
        int status = 0;
        try {
            run(args, out);
        } catch (Fail fail) {
            status = fail.status;
            err.println("news-lucene: " + oneLine(fail.getMessage()));
        } catch (Throwable e) { // anything else, errors included: status 70, one line
            status = Fail.INTERNAL;
            err.println("news-lucene: " + oneLine(e.toString()));
        }
        out.flush();
        if (out.checkError() && status == 0) {
            err.println("news-lucene: writing the output failed");
            status = Fail.INTERNAL;
        }
        System.exit(status);
    }

    private static String oneLine(String message) {
        return message == null ? "error" : message.replaceAll("[\\r\\n]+", " ");
    }

    static final String USAGE = "usage: news-lucene build --articles FILE --index DIR"
        + " | query --index DIR --queries FILE --runs R --warmup W --threads LIST --k K"
        + " [--min-warmup-seconds S] | once --index DIR --query LINE";

    private static void run(String[] args, PrintStream out) throws Fail, IOException {
        if (args.length == 0) {
            throw Fail.usage(USAGE);
        }
        String command = args[0];
        switch (command) {
            case "build" -> {
                Map<String, String> flags = flags(args, Set.of("articles", "index"), Set.of());
                build(Path.of(flags.get("articles")), Path.of(flags.get("index")), out);
            }
            case "query" -> {
                Map<String, String> flags = flags(
                    args, Set.of("index", "queries", "runs", "warmup", "threads", "k"),
                    Set.of("min-warmup-seconds"));
                QueryBench.Settings settings = new QueryBench.Settings(
                    positive(flags, "runs"), nonNegative(flags, "warmup"),
                    threadList(flags.get("threads")), positive(flags, "k"),
                    flags.containsKey("min-warmup-seconds")
                        ? seconds(flags.get("min-warmup-seconds")) : DEFAULT_MIN_WARMUP_SECONDS);
                QueryBench.run(Path.of(flags.get("index")), Path.of(flags.get("queries")), settings,
                               out);
            }
            case "once" -> {
                Map<String, String> flags = flags(args, Set.of("index", "query"), Set.of());
                once(Path.of(flags.get("index")), flags.get("query"), out);
            }
            case "-h", "--help", "help" -> out.println(USAGE);
            default -> throw Fail.usage("unknown command '" + command + "'; " + USAGE);
        }
    }

    /** "--name value" pairs after the command: every required flag, no unknown or repeated one. */
    private static Map<String, String> flags(String[] args, Set<String> required,
                                             Set<String> optional) throws Fail {
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw Fail.usage("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            if (!required.contains(name) && !optional.contains(name)) {
                throw Fail.usage("unknown flag '" + arg + "' for " + args[0]);
            }
            if (i + 1 >= args.length) {
                throw Fail.usage("flag '" + arg + "' needs a value");
            }
            if (flags.put(name, args[i + 1]) != null) {
                throw Fail.usage("flag '" + arg + "' given twice");
            }
        }
        for (String name : required) {
            if (!flags.containsKey(name)) {
                throw Fail.usage(args[0] + " needs --" + name);
            }
        }
        return flags;
    }

    private static int integer(Map<String, String> flags, String name, int min) throws Fail {
        String text = flags.get(name);
        try {
            int value = Integer.parseInt(text);
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Fail.usage("--" + name + " must be an integer >= " + min + ", not '" + text + "'");
    }

    private static int positive(Map<String, String> flags, String name) throws Fail {
        return integer(flags, name, 1);
    }

    private static int nonNegative(Map<String, String> flags, String name) throws Fail {
        return integer(flags, name, 0);
    }

    private static double seconds(String text) throws Fail {
        try {
            double value = Double.parseDouble(text);
            if (value >= 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Fail.usage("--min-warmup-seconds must be a number >= 0, not '" + text + "'");
    }

    private static List<Integer> threadList(String text) throws Fail {
        List<Integer> threads = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                int value = Integer.parseInt(part.trim());
                if (value >= 1) {
                    threads.add(value);
                    continue;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw Fail.usage("--threads must be a comma-separated list of integers >= 1, not '"
                             + text + "'");
        }
        return threads;
    }

    /** A UTF-8 reader that rejects malformed input instead of replacing it silently. */
    static BufferedReader utf8(Path file) throws Fail, IOException {
        if (!Files.isRegularFile(file)) {
            throw new Fail(Fail.NOT_FOUND, "no such file: " + file);
        }
        return new BufferedReader(new InputStreamReader(
            Files.newInputStream(file),
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    // ---------------------------------------------------------------- build

    private static void build(Path articles, Path indexDir, PrintStream out)
            throws Fail, IOException {
        if (!Files.isRegularFile(articles)) {
            throw new Fail(Fail.NOT_FOUND, "no such articles file: " + articles);
        }
        if (Files.exists(indexDir)) {
            throw Fail.usage("index directory already exists: " + indexDir);
        }
        long start = System.nanoTime();
        Files.createDirectories(indexDir);
        FacetsConfig facets = facetsConfig();
        long count = 0;
        long lineNo = 0;
        try (Analyzer analyzer = new EnglishAnalyzer();
             Directory dir = FSDirectory.open(indexDir);
             BufferedReader in = utf8(articles)) {
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setSimilarity(similarity())
                // A generous buffer, so that segments are flushed by size rather than often; the
                // documents are added from this one thread, so Lucene uses one indexing thread,
                // like our indexer. No forceMerge: the index is left as the merge policy made it.
                .setRAMBufferSizeMB(RAM_BUFFER_MB)
                // No compound files (one .cfs per small segment): each kind of data keeps its own
                // files, so that the report can break the index size down by extension. A
                // compound file is those same files concatenated.
                .setUseCompoundFile(false)
                .setMergePolicy(noCompoundFiles())
                .setCommitOnClose(true);
            try (IndexWriter writer = new IndexWriter(dir, config)) {
                String line;
                while ((line = readLine(in, articles, lineNo)) != null) {
                    ++lineNo;
                    if (line.isEmpty()) {
                        continue;
                    }
                    Tsv.Article article;
                    try {
                        article = Tsv.article(line);
                    } catch (Fail fail) {
                        throw Fail.usage(articles + ":" + lineNo + ": " + fail.getMessage());
                    }
                    writer.addDocument(facets.build(document(article)));
                    ++count;
                }
                writer.commit(); // fsyncs the segment files and the commit point
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int segments;
        long bytes = 0;
        try (Directory dir = FSDirectory.open(indexDir)) {
            segments = SegmentInfos.readLatestCommit(dir).size();
            for (String file : dir.listAll()) {
                bytes += dir.fileLength(file);
            }
        }
        StringBuilder json = new StringBuilder();
        json.append("{\"engine\": \"lucene\", \"version\": ");
        Json.string(json, Version.LATEST.toString());
        json.append(", \"articles\": ").append(count)
            .append(", \"seconds\": ").append(Json.seconds(seconds))
            .append(", \"segments\": ").append(segments)
            .append(", \"index_bytes\": ").append(bytes)
            .append(", \"ram_buffer_mb\": ").append(RAM_BUFFER_MB)
            .append(", \"force_merged\": false")
            .append(", \"peak_rss_kib\": ").append(peakRssKib()).append('}');
        out.println(json);
    }

    static String readLine(BufferedReader in, Path file, long lineNo) throws Fail, IOException {
        try {
            return in.readLine();
        } catch (CharacterCodingException e) {
            throw Fail.usage(file + ":" + (lineNo + 1) + ": not valid UTF-8");
        }
    }

    /** Lucene's default merge policy, except that merged segments get no compound file either. */
    private static TieredMergePolicy noCompoundFiles() {
        TieredMergePolicy policy = new TieredMergePolicy();
        policy.setNoCFSRatio(0.0);
        return policy;
    }

    private static Document document(Tsv.Article article) {
        Document doc = new Document();
        doc.add(new StringField(ID, article.id(), Field.Store.YES));
        // The id again as a column: a result list reads it without inflating the stored-fields
        // block that also holds the hits' texts (as our result list reads the document data, not
        // the body).
        doc.add(new BinaryDocValuesField(ID, new BytesRef(article.id())));
        doc.add(new TextField(TEXT, article.title() + "\n" + article.body(), Field.Store.NO));
        // Stored, not searched: the text a hit's display and its highlighted snippet need, as an
        // Elasticsearch index keeps it in _source and our database in its document data and body
        // value, so that the index sizes compare on equal terms.
        doc.add(new StoredField(TITLE, article.title()));
        doc.add(new StoredField(BODY, article.body()));
        if (article.date() >= 0) {
            doc.add(new IntPoint(DATE, article.date()));               // range filter
            doc.add(new NumericDocValuesField(DATE, article.date()));  // sort
        }
        if (!article.source().isEmpty()) {
            doc.add(new StringField(SOURCE, article.source(), Field.Store.NO));
            doc.add(new SortedSetDocValuesFacetField(SOURCE, article.source()));
        }
        for (String tag : article.tags()) {
            doc.add(new StringField(TAG, tag, Field.Store.NO));
            doc.add(new SortedSetDocValuesFacetField(TAG, tag));
        }
        return doc;
    }

    // ---------------------------------------------------------------- queries

    /** A benchmark query as a Lucene query, plus why it may match nothing. */
    record Built(Query query, Sort sort, String note) {}

    /**
     * Builds the Lucene query for @p q with @p analyzer (the analyzer that built the index).
     * Each word of an and/or query goes through the analyzer on its own; a word that analyzes to
     * nothing (a stop word) is dropped, and a query left with no word matches nothing. A word
     * that analyzes to several tokens contributes each of them.
     * @throws Fail (usage) for a query this harness cannot express (an empty prefix)
     */
    static Built build(Tsv.Query q, Analyzer analyzer) throws Fail, IOException {
        String note = null;
        BooleanQuery.Builder outer = new BooleanQuery.Builder();
        switch (q.op()) {
            case AND, OR -> {
                List<String> tokens = new ArrayList<>();
                for (String word : q.terms()) {
                    for (Token token : analyze(analyzer, word)) {
                        tokens.add(token.text());
                    }
                }
                if (tokens.isEmpty()) {
                    return new Built(new MatchNoDocsQuery("only stop words"), null,
                                     "every term is a stop word");
                }
                if (q.op() == Tsv.Op.AND) {
                    for (String token : tokens) {
                        outer.add(new TermQuery(new Term(TEXT, token)), BooleanClause.Occur.MUST);
                    }
                } else {
                    // Nested, so that SHOULD still means "at least one" next to FILTER clauses.
                    BooleanQuery.Builder any = new BooleanQuery.Builder();
                    for (String token : tokens) {
                        any.add(new TermQuery(new Term(TEXT, token)), BooleanClause.Occur.SHOULD);
                    }
                    outer.add(any.build(), BooleanClause.Occur.MUST);
                }
                if (tokens.size() < q.terms().size()) {
                    note = "stop words dropped";
                }
            }
            case PHRASE -> {
                // The whole phrase through the analyzer once: stop words leave gaps in the
                // positions, which the PhraseQuery keeps.
                List<Token> tokens = analyze(analyzer, String.join(" ", q.terms()));
                if (tokens.isEmpty()) {
                    return new Built(new MatchNoDocsQuery("only stop words"), null,
                                     "every term is a stop word");
                }
                PhraseQuery.Builder phrase = new PhraseQuery.Builder();
                for (Token token : tokens) {
                    phrase.add(new Term(TEXT, token.text()), token.position());
                }
                outer.add(phrase.build(), BooleanClause.Occur.MUST);
                if (tokens.size() < q.terms().size()) {
                    note = "stop words dropped";
                }
            }
            case PREFIX -> {
                // Lowercased, not analyzed: a prefix is not a word, so stemming it would be wrong.
                String prefix = q.terms().get(0).toLowerCase(java.util.Locale.ROOT);
                outer.add(new PrefixQuery(new Term(TEXT, prefix)), BooleanClause.Occur.MUST);
            }
        }
        if (q.dateFrom() >= 0 || q.dateTo() >= 0) {
            int from = q.dateFrom() >= 0 ? q.dateFrom() : Integer.MIN_VALUE;
            int to = q.dateTo() >= 0 ? q.dateTo() : Integer.MAX_VALUE;
            outer.add(IntPoint.newRangeQuery(DATE, from, to), BooleanClause.Occur.FILTER);
        }
        if (!q.filterField().isEmpty()) {
            String field = q.filterField().equals("source") ? SOURCE : TAG;
            outer.add(new TermQuery(new Term(field, q.filterValue())), BooleanClause.Occur.FILTER);
        }
        return new Built(outer.build(), q.sortByDate() ? dateSort() : null, note);
    }

    record Token(String text, int position) {}

    static List<Token> analyze(Analyzer analyzer, String text) throws IOException {
        List<Token> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                position += inc.getPositionIncrement();
                tokens.add(new Token(term.toString(), position));
            }
            stream.end();
        }
        return tokens;
    }

    /** What one search returns: the top ids, the total, and the facet counts if asked for. */
    record Result(List<String> top, TotalHits total, Map<String, List<LabelAndValue>> facets) {}

    enum Mode { TOP, COUNT, FACETS }

    /**
     * One search in @p mode, reading the ids of the top @p k: everything the timed
     * region holds. @p facetState is null when the index has no facet values at all.
     */
    static Result search(IndexSearcher searcher, Built built, Mode mode, int k,
                         SortedSetDocValuesReaderState facetState) throws IOException {
        TopDocs docs;
        Map<String, List<LabelAndValue>> facets = null;
        if (mode == Mode.TOP) {
            // Lucene's defaults: with its total-hits threshold (1000) the count may be a lower
            // bound, and block-max WAND may skip documents that cannot enter the top k.
            docs = built.sort() == null ? searcher.search(built.query(), k)
                                        : searcher.search(built.query(), k, built.sort());
        } else {
            TopDocsCollector<?> top = built.sort() == null
                ? TopScoreDocCollector.create(k, Integer.MAX_VALUE)
                : TopFieldCollector.create(built.sort(), k, Integer.MAX_VALUE);
            if (mode == Mode.COUNT) {
                searcher.search(built.query(), top);
            } else {
                FacetsCollector matches = new FacetsCollector();
                searcher.search(built.query(), MultiCollector.wrap(top, matches));
                facets = new LinkedHashMap<>();
                SortedSetDocValuesFacetCounts counts = facetState == null
                    ? null : new SortedSetDocValuesFacetCounts(facetState, matches);
                for (String dim : List.of(SOURCE, TAG)) {
                    facets.put(dim, topChildren(counts, facetState, dim));
                }
            }
            docs = top.topDocs();
        }
        List<String> ids = new ArrayList<>(docs.scoreDocs.length);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (ScoreDoc hit : docs.scoreDocs) {
            ids.add(idOf(leaves, hit.doc));
        }
        return new Result(ids, docs.totalHits, facets);
    }

    /** The id of document @p doc of the reader whose @p leaves these are, from its doc values. */
    static String idOf(List<LeafReaderContext> leaves, int doc) throws IOException {
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        BinaryDocValues values = leaf.reader().getBinaryDocValues(ID);
        if (values == null || !values.advanceExact(doc - leaf.docBase)) {
            throw new IllegalStateException("document " + doc + " has no id value");
        }
        return values.binaryValue().utf8ToString();
    }

    /** The top values of @p dim by count, then by value (Lucene breaks ties by ordinal). */
    private static List<LabelAndValue> topChildren(SortedSetDocValuesFacetCounts counts,
                                                   SortedSetDocValuesReaderState state,
                                                   String dim) throws IOException {
        if (counts == null || state.getOrdRange(dim) == null) {
            return List.of(); // no article has a value of this dimension
        }
        FacetResult result = counts.getTopChildren(FACET_TOP, dim);
        return result == null ? List.of() : List.of(result.labelValues);
    }

    /** The facet reader state, or null when no article has a source or tag. */
    static SortedSetDocValuesReaderState facetState(DirectoryReader reader) throws IOException {
        try {
            return new DefaultSortedSetDocValuesReaderState(reader);
        } catch (IllegalArgumentException e) {
            return null; // the $facets field was never indexed
        }
    }

    static DirectoryReader openIndex(Path indexDir) throws Fail, IOException {
        if (!Files.isDirectory(indexDir)) {
            throw new Fail(Fail.NOT_FOUND, "no such index directory: " + indexDir);
        }
        Directory dir = FSDirectory.open(indexDir);
        if (!DirectoryReader.indexExists(dir)) {
            dir.close();
            throw new Fail(Fail.NOT_FOUND, "no Lucene index in " + indexDir);
        }
        return DirectoryReader.open(dir);
    }

    /**
     * The searcher every search goes through: BM25(1.2, 0.75) as at index time, and no query
     * cache. Lucene's default LRU query cache keeps the bit sets of filter clauses seen a few
     * times, so a benchmark that repeats each query would partly time the cache; the other
     * engines cache nothing between searches.
     */
    static IndexSearcher searcher(DirectoryReader reader) {
        IndexSearcher searcher = new IndexSearcher(reader);
        searcher.setSimilarity(similarity());
        searcher.setQueryCache(null);
        return searcher;
    }

    // ---------------------------------------------------------------- once

    private static void once(Path indexDir, String line, PrintStream out)
            throws Fail, IOException {
        Tsv.Query query = Tsv.query(line);
        try (DirectoryReader reader = openIndex(indexDir); Analyzer analyzer = new EnglishAnalyzer()) {
            IndexSearcher searcher = searcher(reader);
            Result result = search(searcher, build(query, analyzer), Mode.COUNT, ONCE_TOP, null);
            StringBuilder text = new StringBuilder();
            text.append(result.total().value).append('\n');
            for (int i = 0; i < result.top().size(); ++i) {
                text.append(i + 1).append('\t').append(result.top().get(i)).append('\n');
            }
            out.print(text);
        }
    }

    /**
     * The peak resident set of this process's own address space (VmHWM from /proc/self/status),
     * or 0 where there is none. getrusage would include what the parent process had resident
     * when it started us.
     */
    static long peakRssKib() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
