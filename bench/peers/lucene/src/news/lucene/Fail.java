package news.lucene;

/** An error that ends the process with a protocol exit status and a one-line message. */
final class Fail extends Exception {
    private static final long serialVersionUID = 1L;

    /** Bad flag, value or input line. */
    static final int USAGE = 64;
    /** Articles, queries or index missing. */
    static final int NOT_FOUND = 66;
    /** Anything else. */
    static final int INTERNAL = 70;

    final int status;

    Fail(int status, String message) {
        super(message);
        this.status = status;
    }

    static Fail usage(String message) {
        return new Fail(USAGE, message);
    }
}
