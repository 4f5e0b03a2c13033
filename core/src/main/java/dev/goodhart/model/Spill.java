package dev.goodhart.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The disk side of a spilling {@link Frame.Builder}: while the builder reads, each accepted row goes to one of
 * {@value #BUCKETS} bucket files chosen by its segment (fixed-size records, in input order); at build the builder
 * aggregates one bucket at a time into a file of series, one fixed-size record per segment in sorted order, which
 * {@link Series} reads back on demand. Everything lives in one temporary directory, deleted by {@link #close()}.
 */
final class Spill implements AutoCloseable {
    /** Bucket files: a bucket of a 240-million-row input holds about a million rows (33 MB) at build. */
    static final int BUCKETS = 256;
    private static final int BUFFER = 32 * 1024;

    private final Path dir;
    private final DataOutputStream[] out = new DataOutputStream[BUCKETS];
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final long[] bucketRows = new long[BUCKETS];
    private boolean closed;

    private Spill(Path dir) {
        this.dir = dir;
    }

    /** A spill in a fresh temporary directory under {@code parent}. */
    static Spill create(Path parent) {
        try {
            Files.createDirectories(parent);
            return new Spill(Files.createTempDirectory(parent, "goodhart-frame-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory under " + parent, e);
        }
    }

    /** The segment's dense id, assigned on first sight. */
    int id(String segment) {
        Integer id = ids.get(segment);
        if (id == null) {
            id = names.size();
            ids.put(segment, id);
            names.add(segment);
        }
        return id;
    }

    /** Number of distinct segments (the organisation's rows included when there were any). */
    int segmentCount() {
        return names.size();
    }

    /** The segment names by id; the name-to-id map is dropped (it is not needed after reading). */
    String[] namesById() {
        ids.clear();
        return names.toArray(new String[0]);
    }

    /** Appends one row to its segment's bucket. */
    void write(int segment, int metric, boolean timed, long epochDay, double value, long seq, long line) {
        int b = segment % BUCKETS;
        try {
            DataOutputStream o = out[b];
            if (o == null) {
                o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(bucket(b)), BUFFER));
                out[b] = o;
            }
            o.writeInt(segment);
            o.writeByte(metric | (timed ? 0x80 : 0));
            o.writeInt(Math.toIntExact(epochDay));
            o.writeDouble(value);
            o.writeLong(seq);
            o.writeLong(line);
            bucketRows[b]++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spill file " + bucket(b), e);
        }
    }

    private Path bucket(int b) {
        return dir.resolve("bucket-" + b);
    }

    /** Flushes the bucket files so that they can be read (the writers stay open). */
    void flush() {
        for (DataOutputStream o : out) {
            if (o != null) {
                try {
                    o.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write a spill file in " + dir, e);
                }
            }
        }
    }

    /** The rows of bucket {@code b}, in input order (flush first). */
    Rows read(int b) {
        int n = Math.toIntExact(bucketRows[b]);
        Rows r = new Rows(n);
        if (n == 0) {
            return r;
        }
        try (InputStream raw = Files.newInputStream(bucket(b));
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            for (int i = 0; i < n; i++) {
                r.segment[i] = in.readInt();
                int m = in.readByte() & 0xff;
                r.metric[i] = (byte) (m & 0x7f);
                r.timed[i] = (m & 0x80) != 0;
                r.epochDay[i] = in.readInt();
                r.value[i] = in.readDouble();
                r.seq[i] = in.readLong();
                r.line[i] = in.readLong();
            }
        } catch (EOFException e) {
            throw new IllegalStateException("spill file " + bucket(b) + " is shorter than written", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spill file " + bucket(b), e);
        }
        return r;
    }

    /** Closes and deletes the bucket files (the series file, if any, stays). */
    void deleteBuckets() {
        for (int b = 0; b < BUCKETS; b++) {
            if (out[b] != null) {
                try {
                    out[b].close();
                } catch (IOException e) {
                    // deleting anyway
                }
                out[b] = null;
                try {
                    Files.deleteIfExists(bucket(b));
                } catch (IOException e) {
                    // best effort: close() removes the directory
                }
            }
        }
    }

    /** The file of series. */
    Path seriesFile() {
        return dir.resolve("series");
    }

    /** Deletes everything: the bucket files, the series file and the directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        deleteBuckets();
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /** One bucket's rows, in input order, column by column. */
    static final class Rows {
        final int size;
        final int[] segment;
        final byte[] metric;
        final boolean[] timed;
        final int[] epochDay;
        final double[] value;
        final long[] seq;
        final long[] line;

        Rows(int n) {
            size = n;
            segment = new int[n];
            metric = new byte[n];
            timed = new boolean[n];
            epochDay = new int[n];
            value = new double[n];
            seq = new long[n];
            line = new long[n];
        }

        /**
         * The row indexes grouped by cell ({@code (segment / BUCKETS) * metrics + metric}), each cell's rows in input
         * order (a counting sort, which is stable): {starts (cells + 1), order}.
         */
        int[][] byCell(int segments, int metrics) {
            int local = (segments + BUCKETS - 1) / BUCKETS;
            int cells = local * metrics;
            int[] start = new int[cells + 1];
            for (int i = 0; i < size; i++) {
                start[cell(i, metrics) + 1]++;
            }
            for (int c = 0; c < cells; c++) {
                start[c + 1] += start[c];
            }
            int[] next = Arrays.copyOf(start, cells);
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[next[cell(i, metrics)]++] = i;
            }
            return new int[][] {start, order};
        }

        int cell(int i, int metrics) {
            return (segment[i] / BUCKETS) * metrics + metric[i];
        }
    }

    /**
     * The series of a built frame on disk: one record per segment (sorted by name), each the frame's metrics one after
     * the other, {@code periods} doubles each; which series exist is a bit set in memory; the organisation's series in
     * memory. Reads are positional, so any number of threads may read at once.
     */
    static final class Series {
        private final Spill spill;
        /**
         * The open file. A thread interrupted during a read closes a {@link FileChannel} for every thread; it is then
         * opened again (the frame is shared between threads and must outlive a cancelled task).
         */
        private volatile FileChannel channel;
        private volatile boolean closed;
        private final List<String> segments;
        private final List<String> metrics;
        private final int periods;
        private final BitSet present;
        private final Map<String, double[]> organisation;

        Series(Spill spill, FileChannel channel, List<String> segments, List<String> metrics, int periods,
               BitSet present, Map<String, double[]> organisation) {
            this.spill = spill;
            this.channel = channel;
            this.segments = segments;
            this.metrics = metrics;
            this.periods = periods;
            this.present = present;
            this.organisation = organisation;
        }

        static FileChannel open(Path file) throws IOException {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }

        /** The index of a series in the file, or -1 when the frame has none. */
        private long index(String segment, String metric) {
            int m = metrics.indexOf(metric);
            int s = Collections.binarySearch(segments, segment);
            if (m < 0 || s < 0) {
                return -1;
            }
            long i = (long) s * metrics.size() + m;
            return present.get(Math.toIntExact(i)) ? i : -1;
        }

        boolean has(String segment, String metric) {
            if (Segments.ALL.equals(segment)) {
                return organisation.containsKey(metric);
            }
            return index(segment, metric) >= 0;
        }

        /** A fresh copy of a series, or null when there is none. */
        double[] get(String segment, String metric) {
            if (Segments.ALL.equals(segment)) {
                double[] v = organisation.get(metric);
                return v == null ? null : v.clone();
            }
            long i = index(segment, metric);
            if (i < 0) {
                return null;
            }
            while (true) {
                FileChannel c = channel;
                try {
                    return read(c, i * periods * Double.BYTES, periods);
                } catch (java.nio.channels.ClosedByInterruptException e) {
                    // this thread was interrupted: the channel is closed for all; open it again for the others
                    reopen(c);
                    throw new UncheckedIOException("interrupted while reading the frame's series file", e);
                } catch (java.nio.channels.ClosedChannelException e) {
                    if (closed) {
                        throw new IllegalStateException("the frame was closed: its series file is deleted", e);
                    }
                    reopen(c); // another thread's interrupt closed it: read again
                }
            }
        }

        /** Opens the series file again if {@code stale} is still the channel in use (one thread does it). */
        private synchronized void reopen(FileChannel stale) {
            if (closed || channel != stale) {
                return;
            }
            try {
                channel = FileChannel.open(spill.seriesFile(), StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the frame's series file again", e);
            }
        }

        static double[] read(FileChannel channel, long position, int periods)
                throws java.nio.channels.ClosedChannelException {
            ByteBuffer buffer = ByteBuffer.allocate(periods * Double.BYTES);
            try {
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, position + buffer.position());
                    if (n < 0) {
                        throw new IllegalStateException("the frame's series file is shorter than written");
                    }
                }
            } catch (java.nio.channels.ClosedChannelException e) {
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the frame's series file", e);
            }
            buffer.flip();
            double[] out = new double[periods];
            buffer.asDoubleBuffer().get(out);
            return out;
        }

        synchronized void close() {
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                // deleting anyway
            }
            spill.close();
        }
    }
}
