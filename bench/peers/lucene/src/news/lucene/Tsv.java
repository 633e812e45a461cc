package news.lucene;

import java.util.ArrayList;
import java.util.List;

/** articles.tsv and queries.tsv, as bench/peers/PROTOCOL.md defines them. */
final class Tsv {
    private Tsv() {}

    /** One article as every engine indexes it. @p date is YYYYMMDD as a number, or -1. */
    record Article(String id, int date, String source, List<String> tags, String title, String body) {}

    enum Op { AND, OR, PHRASE, PREFIX }

    /**
     * One benchmark query. Dates are YYYYMMDD numbers or -1; @p filterField is "", "source" or
     * "tag"; @p terms are lowercase and unstemmed.
     */
    record Query(String id, String queryClass, Op op, List<String> terms, int dateFrom, int dateTo,
                 String filterField, String filterValue, boolean sortByDate) {}

    /** Undoes the protocol's escapes: {@code \\}, {@code \t}, {@code \n}, {@code \r}; no others. */
    static String unescape(String field) throws Fail {
        int slash = field.indexOf('\\');
        if (slash < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        out.append(field, 0, slash);
        for (int i = slash; i < field.length(); ++i) {
            char c = field.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == field.length()) {
                throw Fail.usage("dangling '\\' at the end of a field");
            }
            switch (field.charAt(i)) {
                case '\\': out.append('\\'); break;
                case 't': out.append('\t'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                default: throw Fail.usage("unknown escape '\\" + field.charAt(i) + "'");
            }
        }
        return out.toString();
    }

    /** Splits a line on TAB and unescapes each field; exactly @p count fields or a Fail. */
    static String[] fields(String line, int count) throws Fail {
        String[] parts = line.split("\t", -1);
        if (parts.length != count) {
            throw Fail.usage("expected " + count + " tab-separated fields, found " + parts.length);
        }
        for (int i = 0; i < parts.length; ++i) {
            parts[i] = unescape(parts[i]);
        }
        return parts;
    }

    /** An empty field gives -1; otherwise exactly eight digits. */
    static int date(String text, String what) throws Fail {
        if (text.isEmpty()) {
            return -1;
        }
        if (text.length() != 8 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Fail.usage(what + " is not YYYYMMDD: '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    static Article article(String line) throws Fail {
        String[] f = fields(line, 6);
        if (f[0].isEmpty()) {
            throw Fail.usage("empty article id");
        }
        List<String> tags = new ArrayList<>();
        if (!f[3].isEmpty()) {
            for (String tag : f[3].split("\u001f", -1)) {
                if (!tag.isEmpty()) {
                    tags.add(tag);
                }
            }
        }
        return new Article(f[0], date(f[1], "date"), f[2], tags, f[4], f[5]);
    }

    static Query query(String line) throws Fail {
        String[] f = fields(line, 9);
        if (f[0].isEmpty()) {
            throw Fail.usage("empty query id");
        }
        Op op = switch (f[2]) {
            case "and" -> Op.AND;
            case "or" -> Op.OR;
            case "phrase" -> Op.PHRASE;
            case "prefix" -> Op.PREFIX;
            default -> throw Fail.usage("query " + f[0] + ": unknown op '" + f[2] + "'");
        };
        List<String> terms = new ArrayList<>();
        for (String term : f[3].split(" ")) {
            if (!term.isEmpty()) {
                terms.add(term);
            }
        }
        if (terms.isEmpty()) {
            throw Fail.usage("query " + f[0] + ": no terms");
        }
        if (op == Op.PREFIX && terms.size() != 1) {
            throw Fail.usage("query " + f[0] + ": a prefix query takes one word");
        }
        if (!f[6].isEmpty() && !f[6].equals("source") && !f[6].equals("tag")) {
            throw Fail.usage("query " + f[0] + ": unknown filter_field '" + f[6] + "'");
        }
        boolean byDate = switch (f[8]) {
            case "relevance" -> false;
            case "date" -> true;
            default -> throw Fail.usage("query " + f[0] + ": unknown sort '" + f[8] + "'");
        };
        return new Query(f[0], f[1], op, terms, date(f[4], "date_from"), date(f[5], "date_to"),
                         f[6], f[7], byDate);
    }
}
