package dev.goodhart.examples;

/** A user's mistake on the command line: one line on standard error and exit status {@value Main#USAGE}. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
