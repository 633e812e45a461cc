package news.lucene;

import java.util.Locale;

/** Just enough JSON writing for the harness's output: no JSON library is on the class path. */
final class Json {
    private Json() {}

    /** Appends @p text as a JSON string: quotes, backslash and control characters escaped. */
    static StringBuilder string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); ++i) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    // Other control characters as \\u00XX; U+2028/U+2029 too, so the output is also
                    // valid JavaScript. Everything else (non-ASCII included) goes out as UTF-8.
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"');
    }

    /** Seconds with microsecond resolution, never in exponent notation. */
    static String seconds(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
