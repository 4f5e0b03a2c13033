package dev.goodhart.scoring.internal;

import dev.goodhart.model.Finding;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a scoring run keeps its findings and notes (with their sentences) until the report is written: on the heap,
 * or in a temporary file (a million segments' sentences are gigabytes) from which each is read back by its handle.
 * The scorer keeps only the handles and what false-discovery control and the verdicts need. Not thread-safe.
 */
public abstract class FindingStore implements AutoCloseable {
    private FindingStore() {
    }

    /** A store on the heap. */
    public static FindingStore inMemory() {
        return new Memory();
    }

    /**
     * A store in a temporary file under {@code directory}, deleted by {@link #close()}.
     *
     * @throws UncheckedIOException if the file cannot be created
     */
    public static FindingStore onDisk(Path directory) {
        return new Disk(directory);
    }

    /** Keeps a finding; its handle. */
    public abstract long put(Finding finding);

    /** Keeps a note; its handle. */
    public abstract long put(String note);

    /** The finding kept under {@code handle}. */
    public abstract Finding finding(long handle);

    /** The note kept under {@code handle}. */
    public abstract String note(long handle);

    /** Deletes what the store holds. */
    @Override
    public abstract void close();

    private static final class Memory extends FindingStore {
        private final List<Object> items = new ArrayList<>();

        @Override
        public long put(Finding finding) {
            items.add(finding);
            return items.size() - 1L;
        }

        @Override
        public long put(String note) {
            items.add(note);
            return items.size() - 1L;
        }

        @Override
        public Finding finding(long handle) {
            return (Finding) items.get(Math.toIntExact(handle));
        }

        @Override
        public String note(long handle) {
            return (String) items.get(Math.toIntExact(handle));
        }

        @Override
        public void close() {
            items.clear();
        }
    }

    /** Length-prefixed records appended to one file; read back with positional reads. */
    private static final class Disk extends FindingStore {
        private final Path file;
        private final DataOutputStream out;
        private final FileChannel channel;
        private final ByteArrayOutputStream record = new ByteArrayOutputStream(512);
        private final DataOutputStream recordOut = new DataOutputStream(record);
        private long size;
        private boolean dirty;
        private ByteBuffer buffer = ByteBuffer.allocate(4096);

        Disk(Path directory) {
            try {
                Files.createDirectories(directory);
                file = Files.createTempFile(directory, "goodhart-findings-", ".bin");
                OutputStream raw = Files.newOutputStream(file, StandardOpenOption.WRITE);
                out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary file under " + directory, e);
            }
        }

        @Override
        public long put(Finding f) {
            record.reset();
            try {
                recordOut.writeByte(1);
                string(f.detector());
                recordOut.writeDouble(f.statistic());
                recordOut.writeDouble(f.pValue());
                recordOut.writeDouble(f.qValue());
                recordOut.writeDouble(f.effect());
                string(f.message());
                string(f.detail());
                recordOut.writeInt(f.dates().size());
                for (LocalDate d : f.dates()) {
                    recordOut.writeLong(d.toEpochDay());
                }
                recordOut.writeBoolean(f.nothingOwed());
                recordOut.writeBoolean(f.undecided());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return append();
        }

        @Override
        public long put(String note) {
            record.reset();
            try {
                recordOut.writeByte(2);
                string(note);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return append();
        }

        private void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            recordOut.writeInt(b.length);
            recordOut.write(b);
        }

        private long append() {
            long at = size;
            try {
                out.writeInt(record.size());
                record.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            size += 4 + record.size();
            dirty = true;
            return at;
        }

        /** The record at {@code handle}, its kind byte first. */
        private ByteBuffer read(long handle) {
            try {
                if (dirty) {
                    out.flush();
                    dirty = false;
                }
                buffer.clear().limit(4);
                fill(handle);
                int length = buffer.flip().getInt();
                if (buffer.capacity() < length) {
                    buffer = ByteBuffer.allocate(Math.max(length, buffer.capacity() * 2));
                }
                buffer.clear().limit(length);
                fill(handle + 4);
                return buffer.flip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        private void fill(long position) throws IOException {
            int start = buffer.position();
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position() - start) < 0) {
                    throw new IOException(file + " is shorter than written");
                }
            }
        }

        private static String string(ByteBuffer b) {
            int n = b.getInt();
            String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
            b.position(b.position() + n);
            return s;
        }

        @Override
        public Finding finding(long handle) {
            ByteBuffer b = read(handle);
            if (b.get() != 1) {
                throw new IllegalStateException("not a finding at " + handle);
            }
            String detector = string(b);
            double statistic = b.getDouble();
            double p = b.getDouble();
            double q = b.getDouble();
            double effect = b.getDouble();
            String message = string(b);
            String detail = string(b);
            int n = b.getInt();
            List<LocalDate> dates = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                dates.add(LocalDate.ofEpochDay(b.getLong()));
            }
            boolean nothingOwed = b.get() != 0;
            boolean undecided = b.get() != 0;
            return new Finding(detector, statistic, p, q, effect, message, detail, dates, nothingOwed, undecided);
        }

        @Override
        public String note(long handle) {
            ByteBuffer b = read(handle);
            if (b.get() != 2) {
                throw new IllegalStateException("not a note at " + handle);
            }
            return string(b);
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                // deleting anyway
            }
            try {
                channel.close();
            } catch (IOException e) {
                // deleting anyway
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
