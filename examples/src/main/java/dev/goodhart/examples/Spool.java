package dev.goodhart.examples;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standard input copied to a temporary file as it is read, so that a read that turns out to need a second pass (a
 * usage log not in time order) has one, as a file has. Where the copy cannot be kept (no temporary directory, a full
 * disk) the first read goes on unharmed and {@link #again()} says why there is no second. The file is deleted on
 * {@link #close()}.
 */
final class Spool implements AutoCloseable {
    private final InputStream source;
    private Path file;
    private OutputStream copy;
    private String lost;

    private Spool(InputStream source) {
        this.source = source;
        try {
            file = Files.createTempFile("goodhart-stdin-", ".spool");
            file.toFile().deleteOnExit();
            copy = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            giveUp("no temporary file for it (" + e.getMessage() + ")");
        }
    }

    /** A spool of {@code source}: read it through {@link #input()}. */
    static Spool of(InputStream source) {
        return new Spool(source);
    }

    /** The source as it is read, each byte read also written to the spool. */
    InputStream input() {
        return new FilterInputStream(source) {
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    one[0] = (byte) b;
                    keep(one, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    keep(buffer, offset, n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // skipped bytes are read, so that the copy stays whole
                byte[] buffer = new byte[8192];
                long skipped = 0;
                while (skipped < n) {
                    int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                    if (r < 0) {
                        break;
                    }
                    skipped += r;
                }
                return skipped;
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }

    /**
     * The bytes read so far, from the start, for a second read.
     *
     * @throws IOException with the reason, where the copy could not be kept
     */
    InputStream again() throws IOException {
        if (copy != null) {
            OutputStream c = copy;
            copy = null;
            try {
                c.close();
            } catch (IOException e) {
                giveUp(e.getMessage());
            }
        }
        if (lost != null) {
            throw new IOException("standard input could not be kept for a second read: " + lost);
        }
        return Files.newInputStream(file);
    }

    private void keep(byte[] bytes, int offset, int length) {
        if (copy == null) {
            return;
        }
        try {
            copy.write(bytes, offset, length);
        } catch (IOException e) {
            giveUp(e.getMessage());
        }
    }

    private void giveUp(String why) {
        if (lost == null) {
            lost = why;
        }
        close();
    }

    private void delete() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // deleteOnExit stands
            }
            file = null;
        }
    }

    /** Stops copying and deletes the spool. */
    @Override
    public void close() {
        if (copy != null) {
            try {
                copy.close();
            } catch (IOException ignored) {
                // the copy is deleted next
            }
            copy = null;
        }
        delete();
    }
}
