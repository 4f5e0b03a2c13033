package dev.goodhart.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run of the tool reads and writes, and whether standard error is a terminal (progress is shown only then).
 *
 * @param in             standard input ({@code --data -}, {@code --events -})
 * @param out            standard output: the report, unless written to a file
 * @param err            standard error: errors, warnings, progress
 * @param errIsTerminal  whether {@code err} is a terminal a person watches
 * @param progressAfterMillis how long the work runs before progress is shown
 */
record Io(InputStream in, PrintStream out, PrintStream err, boolean errIsTerminal, long progressAfterMillis) {
    /** Progress is shown for work longer than about two seconds. */
    static final long PROGRESS_AFTER_MILLIS = 2000;

    /** The process's own streams. */
    static Io system() {
        return new Io(System.in, System.out, System.err, stderrIsTerminal(), PROGRESS_AFTER_MILLIS);
    }

    /**
     * Whether standard error is a terminal: on Linux its file descriptor links to a tty (so progress still shows
     * when standard output is piped on); elsewhere {@code System.console() != null}, which needs standard input and
     * output to be terminals too.
     */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (java.io.IOException | SecurityException | UnsupportedOperationException e) {
            // fall through
        }
        return System.console() != null;
    }
}
