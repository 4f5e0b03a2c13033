package dev.goodhart.aiusage.internal;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.ZipException;

/** The byte streams under the parser: gzip undone with its failures named, byte-order marks at line starts dropped. */
public final class Streams {
    private Streams() {
    }

    /**
     * Gzip data that cannot be undone (a truncated or corrupt file): says how many whole lines came out before it
     * failed.
     */
    public static final class BrokenGzipException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long lines;

        BrokenGzipException(long lines, IOException cause) {
            super("the gzip data is truncated or corrupt (an incomplete download?) "
                    + (lines == 0 ? "before the end of its first line" : "after line " + lines), cause);
            this.lines = lines;
        }

        /** The lines that came out whole before the failure. */
        public long lines() {
            return lines;
        }
    }

    /**
     * Un-gzipped bytes, counting the lines that come out; a failure of the gzip data (an early end, a bad block, a
     * wrong checksum) is a {@link BrokenGzipException}.
     */
    static final class Gunzipped extends FilterInputStream {
        private long lines;

        Gunzipped(InputStream gzip) {
            super(gzip);
        }

        @Override
        public int read() throws IOException {
            int c;
            try {
                c = in.read();
            } catch (ZipException | EOFException e) {
                throw new BrokenGzipException(lines, e);
            }
            if (c == '\n') {
                lines++;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw new BrokenGzipException(lines, e);
            }
            for (int i = off; i < off + n; i++) {
                if (b[i] == '\n') {
                    lines++;
                }
            }
            return n;
        }
    }

    /**
     * The bytes with a UTF-8 byte-order mark dropped wherever it starts a line (the start of the input included): two
     * files that each begin with one, concatenated, read as one.
     */
    static final class WithoutBoms extends FilterInputStream {
        private final PushbackInputStream source;
        private boolean lineStart = true;

        WithoutBoms(InputStream in) {
            this(new PushbackInputStream(in, 2));
        }

        private WithoutBoms(PushbackInputStream in) {
            super(in);
            this.source = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            while ((n = read(one, 0, 1)) == 0) {
                // a byte-order mark was dropped: read on
            }
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (true) {
                int n = source.read(b, off, len);
                if (n <= 0) {
                    return n;
                }
                int end = off + n;
                int w = off;
                for (int i = off; i < end; i++) {
                    byte c = b[i];
                    if (lineStart && c == (byte) 0xEF) {
                        if (i + 2 < end) {
                            if (b[i + 1] == (byte) 0xBB && b[i + 2] == (byte) 0xBF) {
                                i += 2;
                                continue;
                            }
                        } else {
                            // the mark may go on past this chunk: look at the next bytes
                            int have = end - i;
                            byte[] next = new byte[3];
                            System.arraycopy(b, i, next, 0, have);
                            int more = source.readNBytes(next, have, 3 - have);
                            if (have + more == 3 && next[1] == (byte) 0xBB && next[2] == (byte) 0xBF) {
                                break;
                            }
                            // not a mark: keep this byte, give the ones read ahead back
                            if (more > 0) {
                                source.unread(next, have, more);
                            }
                            b[w++] = c;
                            lineStart = false;
                            for (int j = i + 1; j < end; j++) {
                                b[w++] = b[j];
                                lineStart = b[j] == '\n';
                            }
                            break;
                        }
                    }
                    b[w++] = c;
                    lineStart = c == '\n';
                }
                if (w > off) {
                    return w - off;
                }
            }
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
