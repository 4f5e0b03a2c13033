package dev.goodhart.examples;

import dev.goodhart.report.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Option;

/** Where and how the report is written, and when the run fails on its verdicts. */
final class OutputOptions {
    @Option(names = "--format", paramLabel = "text|json|html", converter = Converters.FormatConverter.class,
            description = {"text (default), json (schemaVersion 1) or html (one self-contained page with charts); all "
                    + "three for metrics or for --events alone."})
    Converters.Format format = Converters.Format.TEXT;

    @Option(names = "--out", paramLabel = "FILE", description = {"Write the report to this file, atomically (a "
            + "run that stops on an error leaves an existing file untouched; a symbolic link's target, a device or a "
            + "named pipe is written to, not replaced); - writes standard output (the default)."})
    String out;

    @Option(names = "--fail-on", paramLabel = "WATCH|DIVERGING|GAMED", converter = Converters.FailOn.class,
            description = {"Exit with status " + Main.FAILED + " (after writing the report) when any segment, or the "
                    + "whole organisation, reaches at least this verdict: for nightly jobs and CI pipelines."})
    Verdict failOn;

    @Option(names = {"-q", "--quiet"}, description = "No progress, no warnings and no 'wrote FILE' line; errors still "
            + "print.")
    boolean quiet;

    @Option(names = "--debug", description = "Print the stack trace of an unexpected error.")
    boolean debug;

    /**
     * Refuses an {@code --out} that names one of the run's input files (the report would replace the data it reads).
     *
     * @param inputs the options and files the run reads, as pairs: "--data", path; null paths and - are passed over
     */
    void refuseInputs(String... inputs) throws IOException {
        if (out == null || out.equals(Sources.STDIN)) {
            return;
        }
        Path target;
        try {
            target = followLinks(Path.of(out)); // where the report will go
        } catch (java.nio.file.FileSystemException e) {
            return; // the write names the loop
        }
        for (int i = 0; i + 1 < inputs.length; i += 2) {
            String input = inputs[i + 1];
            if (input == null || input.equals(Sources.STDIN)) {
                continue;
            }
            Path in = Path.of(input);
            if (Files.exists(in) && !Files.isRegularFile(in)) {
                continue; // a device or a pipe (/dev/stdin beside --out /dev/stdout) is not replaced by the report
            }
            boolean same = Files.exists(target) && Files.exists(in) ? Files.isSameFile(target, in)
                    : target.equals(in.toAbsolutePath().normalize());
            if (same) {
                throw new UsageException("--out " + out + " is the " + inputs[i] + " file the run reads; the report "
                        + "would replace it: give --out another name");
            }
        }
    }

    /** Writes the report to {@code --out} (atomically, then says so) or to standard output. */
    void write(Io io, String report) throws IOException {
        if (out == null || out.equals(Sources.STDIN)) {
            // a terminal's prompt goes on a line of its own: end with a newline (the JSON text itself has none)
            io.out().print(report.endsWith("\n") ? report : report + "\n");
            io.out().flush();
            return;
        }
        writeAtomically(Path.of(out), report);
        if (!quiet) {
            io.out().println("wrote " + out);
        }
    }

    /** What writes a report to a writer, a piece at a time. */
    @FunctionalInterface
    interface Writing {
        void to(java.io.Writer out) throws IOException;
    }

    /**
     * Writes a report streamed by {@code writing} to {@code --out} (atomically, then says so) or to standard output,
     * without holding it: for reports of a million pairs.
     */
    void writeStreamed(Io io, Writing writing) throws IOException {
        if (out == null || out.equals(Sources.STDIN)) {
            java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(io.out(),
                    StandardCharsets.UTF_8), 1 << 16);
            writing.to(w);
            w.write("\n");
            w.flush();
            return;
        }
        writeAtomically(Path.of(out), writing);
        if (!quiet) {
            io.out().println("wrote " + out);
        }
    }

    /**
     * Writes to a temporary file next to the target and moves it into place, so no half-written report is left. A
     * symbolic link is followed (its target gets the report, the link stays); a device or a named pipe that exists
     * ({@code /dev/stdout}, a pipe a reader waits on) is written to as it is, as there is no file there to replace.
     */
    static void writeAtomically(Path target, String text) throws IOException {
        writeAtomically(target, w -> w.write(text));
    }

    /** As {@link #writeAtomically(Path, String)}, the text written by {@code writing}. */
    static void writeAtomically(Path target, Writing writing) throws IOException {
        Path absolute = followLinks(target);
        Path dir = absolute.getParent();
        if (Files.exists(absolute) && !Files.isRegularFile(absolute) && !Files.isDirectory(absolute)) {
            try (java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                    Files.newOutputStream(absolute), StandardCharsets.UTF_8), 1 << 16)) {
                writing.to(w);
            } catch (java.nio.file.FileSystemException e) {
                throw named(e, target, "cannot be written to");
            } catch (IOException e) {
                // a device's own error ("No space left on device" from /dev/full) names no file: the report's
                throw new java.nio.file.FileSystemException(target.toString(), null, String.valueOf(e.getMessage()));
            }
            return;
        }
        if (Files.isDirectory(absolute)) {
            throw new java.nio.file.FileSystemException(target.toString(), null, "a directory; --out takes the name "
                    + "of the file to write (" + target.resolve("report.txt") + ", say)");
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, (Files.exists(dir) ? "a file, not a directory to "
                    + "write " : "no such directory to write ") + absolute.getFileName() + " in");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        } catch (java.nio.file.FileSystemException e) {
            // the temporary file's name means nothing to the user: the report's does
            throw named(e, target, "cannot create a file in " + dir);
        }
        try {
            try (java.io.Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                writing.to(w);
            }
            // a temporary file is private (0600); a report gets the permissions of the file it replaces, else 0644
            try {
                Files.setPosixFilePermissions(tmp, Files.exists(absolute) ? Files.getPosixFilePermissions(absolute)
                        : PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                try {
                    Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
                } catch (java.nio.file.FileSystemException again) {
                    throw named(again, target, "cannot be replaced");
                }
            } catch (java.nio.file.FileSystemException e) {
                throw named(e, target, "cannot be replaced");
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The absolute path the report is written to: {@code target} with its directory's real path (links in it
     * followed by the file system, so that {@code ..} in a link's target means what it means there) and a link
     * in its last part followed, also one to a file not yet made.
     *
     * @throws java.nio.file.FileSystemException where the links form a loop
     */
    static Path followLinks(Path target) throws IOException {
        Path p = realDirectory(target.toAbsolutePath());
        for (int hops = 0; hops < 40 && Files.isSymbolicLink(p); hops++) {
            Path link = Files.readSymbolicLink(p);
            p = realDirectory(link.isAbsolute() ? link : p.getParent().resolve(link));
        }
        if (Files.isSymbolicLink(p)) {
            throw new java.nio.file.FileSystemException(target.toString(), null, "too many levels of symbolic links");
        }
        return p;
    }

    /** {@code p} with its parent directory's real path where that exists, its last part as it is. */
    private static Path realDirectory(Path p) throws IOException {
        Path parent = p.getParent();
        if (parent == null || p.getFileName() == null || !Files.isDirectory(parent)) {
            return p;
        }
        return parent.toRealPath().resolve(p.getFileName());
    }

    /** {@code e} again, naming the report's file instead of a temporary one, with its reason or {@code otherwise}. */
    private static java.nio.file.FileSystemException named(java.nio.file.FileSystemException e, Path target,
            String otherwise) {
        String reason = e.getReason() != null ? e.getReason() : otherwise;
        java.nio.file.FileSystemException r = e instanceof java.nio.file.AccessDeniedException
                ? new java.nio.file.AccessDeniedException(target.toString(), null, reason)
                : new java.nio.file.FileSystemException(target.toString(), null, reason);
        r.initCause(e);
        return r;
    }
}
