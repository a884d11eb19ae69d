package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The bulk path for the common shape of a ThreatExchange CSV export: reads a whole file straight from its bytes into
 * a {@link PdqRows} (no String, {@link ListEntry} or map per row), on two threads, or gives up and leaves the file
 * to the general reader ({@link TeCsvParser} through {@link ListReader}), which then reads it from the start and
 * gives every entry, warning and error exactly as it always did. So the bulk path needs no error messages: it only
 * has to accept nothing that the general reader would read differently.
 *
 * <p>It accepts a file that is, byte for byte: no byte-order mark; the header
 * {@code signal_type,signal_str,collab,category,tags} exactly (no other columns); then at least one row and nothing
 * else, every line ended by {@code \n} or {@code \r\n} (the last one may have no end), each row {@code pdq,} (lower
 * case), 64 hex digits, {@code ,}, then three fields separated by exactly two commas, of printable ASCII
 * ({@code 0x20-0x7E}) without a double quote; no blank line; no PDQ hash twice; at most {@value #MAX_GROUPS}
 * distinct (collab, category, tags) combinations; rows up to {@value #MAX_ROW} bytes. What such a row means is
 * worked out once per combination by the general code ({@link ListEntry}'s constructor, {@link TagSyntax#split},
 * {@link ParseContext#sourceList}). Anything else (another signal type, quotes, a BOM, non-ASCII, a duplicate, a bad
 * digit, a blank line) makes it return null.
 *
 * <p>Memory: 36 bytes per row (hash and group) plus the duplicate check's table (8 bytes per row during the check).
 * Not thread-safe: one reader per file.
 */
final class TeCsvBulkReader {
    static final int MAX_GROUPS = 1 << 16;
    static final int MAX_ROW = 1 << 12;
    private static final byte[] HEADER = String.join(",", TeCsvParser.COLUMNS).getBytes(StandardCharsets.US_ASCII);
    private static final int HEX_DIGITS = 64;
    /** {@code pdq,} + 64 digits + {@code ,}: where the three text fields start. */
    private static final int FIELDS_AT = 4 + HEX_DIGITS + 1;

    private static final int BUFFER = 1 << 22;
    /** Below this size one thread reads the whole file: the second thread is not worth starting. */
    private static final long PARALLEL_BYTES = 1 << 22;

    /** Nibble value of each byte, or -1 for a byte that is not an ASCII hex digit. */
    private static final byte[] NIBBLE = new byte[256];

    static {
        Arrays.fill(NIBBLE, (byte) -1);
        for (int c = 0; c < 10; c++) {
            NIBBLE['0' + c] = (byte) c;
        }
        for (int c = 0; c < 6; c++) {
            NIBBLE['a' + c] = (byte) (10 + c);
            NIBBLE['A' + c] = (byte) (10 + c);
        }
    }

    private TeCsvBulkReader() {}

    /**
     * The rows of {@code file}, or null when the file is not of the shape above (then nothing was delivered and the
     * general reader must read it).
     *
     * @param ctx the file's parse context (source-list rules, options)
     * @throws IOException if the file cannot be read
     */
    static @Nullable PdqRows read(Path file, ParseContext ctx) throws IOException {
        ListFormat format = ctx.options.format();
        if (format != null && format != ListFormat.TE_CSV) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            byte[] head = new byte[HEADER.length + 2];
            int headLength = readFully(channel, ByteBuffer.wrap(head), 0);
            int bodyStart = headerEnd(head, headLength);
            if (bodyStart < 0) {
                return null;
            }
            long split = size - bodyStart < PARALLEL_BYTES
                    ? size
                    : lineStartAfter(channel, bodyStart + (size - bodyStart) / 2, size);
            Part first;
            Part second = null;
            if (split < size) {
                Future<Part> other;
                // close() waits for the second half's thread, even when interrupted, before the channel can be closed
                try (ExecutorService secondHalf = Executors.newSingleThreadExecutor(
                        Thread.ofPlatform().name("csv-bulk-read").factory())) {
                    other = secondHalf.submit(() -> Part.parse(channel, split, size));
                    first = Part.parse(channel, bodyStart, split);
                }
                second = await(other);
            } else {
                first = Part.parse(channel, bodyStart, size);
            }
            if (first == null
                    || (split < size && second == null)
                    || first.rows + (second == null ? 0 : second.rows) == 0) {
                return null;
            }
            return assemble(first, second, ctx);
        }
    }

    /** Offset of the first row if the file starts with exactly the header and a line end, else -1. */
    private static int headerEnd(byte[] head, int length) {
        if (length < HEADER.length + 1 || !Arrays.equals(head, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            return -1;
        }
        if (head[HEADER.length] == '\n') {
            return HEADER.length + 1;
        }
        if (length == HEADER.length + 2 && head[HEADER.length] == '\r' && head[HEADER.length + 1] == '\n') {
            return HEADER.length + 2;
        }
        return -1;
    }

    /** Offset just after the first {@code \n} at or after {@code from}, or {@code size} if none. */
    private static long lineStartAfter(FileChannel channel, long from, long size) throws IOException {
        byte[] b = new byte[MAX_ROW + 1];
        int n = readFully(channel, ByteBuffer.wrap(b), from);
        for (int i = 0; i < n; i++) {
            if (b[i] == '\n') {
                return from + i + 1;
            }
        }
        return size; // a row this long is refused anyway: one part then
    }

    private static int readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        int total = 0;
        while (into.hasRemaining()) {
            int n = channel.read(into, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Both parts as one {@link PdqRows}, groups numbered in order of first appearance; null on a repeated hash. */
    private static @Nullable PdqRows assemble(Part first, @Nullable Part second, ParseContext ctx) {
        int n = Math.addExact(first.rows, second == null ? 0 : second.rows);
        long[] words =
                first.words.length >= 4L * n ? first.words : Arrays.copyOf(first.words, Math.multiplyExact(4, n));
        int[] groupOf = first.groupOf.length >= n ? first.groupOf : Arrays.copyOf(first.groupOf, n);
        List<byte[]> keys = new ArrayList<>(first.keys);
        if (second != null) {
            // the second part's groups renumbered into the first's
            Groups merged = new Groups();
            for (byte[] k : first.keys) {
                merged.code(k, 0, k.length);
            }
            int[] remap = new int[second.keys.size()];
            for (int g = 0; g < remap.length; g++) {
                byte[] k = second.keys.get(g);
                remap[g] = merged.code(k, 0, k.length);
            }
            if (merged.size() > MAX_GROUPS) {
                return null;
            }
            keys = merged.keys;
            System.arraycopy(second.words, 0, words, 4 * first.rows, 4 * second.rows);
            for (int i = 0; i < second.rows; i++) {
                groupOf[first.rows + i] = remap[second.groupOf[i]];
            }
        }
        if (hasRepeat(words, n)) {
            return null;
        }
        // Groups renumbered in order of first appearance in the file (the second part's may come first in the merge).
        int[] order = new int[keys.size()];
        Arrays.fill(order, -1);
        int next = 0;
        for (int i = 0; i < n && next < order.length; i++) {
            if (order[groupOf[i]] < 0) {
                order[groupOf[i]] = next++;
            }
        }
        for (int i = 0; i < n; i++) {
            groupOf[i] = order[groupOf[i]];
        }
        int groups = next;
        @Nullable String[] categories = new String[groups];
        String[] sources = new String[groups];
        List<List<String>> tags = new ArrayList<>(java.util.Collections.nCopies(groups, List.of()));
        for (int g = 0; g < keys.size(); g++) {
            if (order[g] < 0) {
                continue;
            }
            byte[] key = keys.get(g);
            String text = new String(key, StandardCharsets.US_ASCII);
            int c1 = text.indexOf(',');
            int c2 = text.indexOf(',', c1 + 1);
            String collab = text.substring(0, c1);
            String category = text.substring(c1 + 1, c2);
            // The general reader's own rules: ParseContext for the source list, TagSyntax and ListEntry for the tags.
            ListEntry prototype;
            try {
                prototype = new ListEntry(
                        Map.of(HashKind.PDQ, "0".repeat(HEX_DIGITS)),
                        null,
                        category.isEmpty() ? null : category,
                        TagSyntax.split(text.substring(c2 + 1)),
                        ctx.sourceList(collab),
                        null,
                        0);
            } catch (IllegalArgumentException e) {
                return null;
            }
            categories[order[g]] = prototype.category();
            sources[order[g]] = prototype.sourceList();
            tags.set(order[g], prototype.tags());
        }
        return new PdqRows(words, groupOf, n, categories, sources, List.copyOf(tags), 2);
    }

    /** Whether a hash occurs twice: open addressing on row numbers, keyed by a mix of the words. */
    static boolean hasRepeat(long[] words, int n) {
        int capacity = Integer.highestOneBit(Math.max(16, n) * 2 - 1) << 1;
        int[] table = new int[capacity]; // row + 1, 0 = free
        int mask = capacity - 1;
        for (int r = 0; r < n; r++) {
            long w0 = words[4 * r];
            long w1 = words[4 * r + 1];
            long w2 = words[4 * r + 2];
            long w3 = words[4 * r + 3];
            long mix = (w0 ^ Long.rotateLeft(w1, 17) ^ Long.rotateLeft(w2, 31) ^ Long.rotateLeft(w3, 47))
                    * 0x9E3779B97F4A7C15L;
            int s = (int) (mix >>> 32) & mask;
            while (table[s] != 0) {
                int o = 4 * (table[s] - 1);
                if (words[o] == w0 && words[o + 1] == w1 && words[o + 2] == w2 && words[o + 3] == w3) {
                    return true;
                }
                s = (s + 1) & mask;
            }
            table[s] = r + 1;
        }
        return false;
    }

    /** The rows of one byte range of the file, with the distinct (collab, category, tags) bytes as its groups. */
    private static final class Part {
        long[] words;
        int[] groupOf;
        int rows;
        final List<byte[]> keys;

        private Part(int expectedRows, List<byte[]> keys) {
            this.words = new long[4 * expectedRows];
            this.groupOf = new int[expectedRows];
            this.keys = keys;
        }

        /** The rows of {@code [from, to)}, which starts at a line start; null if a row is not of the accepted shape. */
        static @Nullable Part parse(FileChannel channel, long from, long to) throws IOException {
            // rows of an export are about 100 bytes; growth covers shorter ones
            int expected = (int) Math.min(Integer.MAX_VALUE / 4 - 8, (to - from) / 96 + 16);
            Groups groups = new Groups();
            Part part = new Part(expected, groups.keys);
            byte[] b = new byte[BUFFER];
            int length = 0; // bytes in b
            long position = from;
            while (true) {
                int n = (int) Math.min(b.length - length, to - position);
                int got = n == 0 ? 0 : readFully(channel, ByteBuffer.wrap(b, length, n), position);
                if (got < n) {
                    return null; // the file shrank while read: the general reader reports what it finds
                }
                position += got;
                length += got;
                boolean last = position == to;
                int p = 0;
                while (p < length) {
                    int end = lineEnd(b, p, length);
                    if (end < 0) {
                        if (!last) {
                            break; // the row goes on in the next block
                        }
                        end = length; // the file's last line has no line end
                    }
                    if (end - p > MAX_ROW || !part.row(b, p, end, groups)) {
                        return null;
                    }
                    p = end < length ? end + 1 : end;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("list read interrupted");
                }
                if (last) {
                    return groups.size() > MAX_GROUPS ? null : part;
                }
                if (p == 0) {
                    return null; // a row longer than the buffer
                }
                System.arraycopy(b, p, b, 0, length - p);
                length -= p;
            }
        }

        /** Index of the {@code \n} ending the line at {@code p}, or -1 if it is not in {@code b[p, limit)}. */
        private static int lineEnd(byte[] b, int p, int limit) {
            int stop = Math.min(limit, p + MAX_ROW + 1);
            for (int i = p; i < stop; i++) {
                if (b[i] == '\n') {
                    return i;
                }
            }
            return stop == limit ? -1 : stop;
        }

        /** Parses the row {@code b[p, end)} ({@code end} at its {@code \n} or the end of the file); false if refused. */
        boolean row(byte[] b, int p, int end, Groups groups) {
            if (end > p && b[end - 1] == '\r') {
                end--;
            }
            if (end - p < FIELDS_AT
                    || b[p] != 'p'
                    || b[p + 1] != 'd'
                    || b[p + 2] != 'q'
                    || b[p + 3] != ','
                    || b[p + FIELDS_AT - 1] != ',') {
                return false;
            }
            int commas = 0;
            for (int i = p + FIELDS_AT; i < end; i++) {
                byte c = b[i];
                if (c < 0x20 || c > 0x7E || c == '"') {
                    return false;
                }
                if (c == ',') {
                    commas++;
                }
            }
            if (commas != 2) {
                return false;
            }
            if (rows == groupOf.length) {
                int grown = Math.toIntExact(Math.min(Integer.MAX_VALUE / 4 - 8, rows + (rows >> 1) + 16L));
                if (grown == rows) {
                    return false;
                }
                words = Arrays.copyOf(words, 4 * grown);
                groupOf = Arrays.copyOf(groupOf, grown);
            }
            if (!parseHash(b, p + 4, words, 4 * rows)) {
                return false;
            }
            groupOf[rows++] = groups.code(b, p + FIELDS_AT, end);
            return true;
        }

        /**
         * Parses the 64 hex digits at {@code b[at]} into {@code dst[to .. to + 3]} in {@link io.hashmatch.hash.PdqHash}'s
         * word order (digits 0-15 are word 3, big-endian, ..., digits 48-63 word 0); false if one is not a hex digit.
         */
        private static boolean parseHash(byte[] b, int at, long[] dst, int to) {
            int bad = 0;
            for (int w = 3; w >= 0; w--) {
                long word = 0;
                for (int k = 0; k < 16; k++) {
                    int nibble = NIBBLE[b[at++] & 0xFF];
                    bad |= nibble;
                    word = (word << 4) | (nibble & 0xF);
                }
                dst[to + w] = word;
            }
            return bad >= 0;
        }
    }

    /** Distinct byte strings numbered in order of first appearance: open addressing over their numbers. */
    private static final class Groups {
        final List<byte[]> keys = new ArrayList<>();
        private int[] slots = new int[64]; // group + 1, 0 = free
        private int[] hashes = new int[64];
        private int last = -1;

        int size() {
            return keys.size();
        }

        /** The number of {@code b[from, to)}, added if new. */
        int code(byte[] b, int from, int to) {
            if (last >= 0 && same(keys.get(last), b, from, to)) {
                return last; // runs of rows with the same fields are common
            }
            int h = hash(b, from, to);
            int mask = slots.length - 1;
            int s = h & mask;
            while (slots[s] != 0) {
                int g = slots[s] - 1;
                if (hashes[s] == h && same(keys.get(g), b, from, to)) {
                    last = g;
                    return g;
                }
                s = (s + 1) & mask;
            }
            int g = keys.size();
            keys.add(Arrays.copyOfRange(b, from, to));
            slots[s] = g + 1;
            hashes[s] = h;
            if (keys.size() * 2 > slots.length) {
                grow();
            }
            last = g;
            return g;
        }

        private void grow() {
            int[] oldSlots = slots;
            int[] oldHashes = hashes;
            slots = new int[oldSlots.length * 2];
            hashes = new int[oldSlots.length * 2];
            int mask = slots.length - 1;
            for (int i = 0; i < oldSlots.length; i++) {
                if (oldSlots[i] != 0) {
                    int s = oldHashes[i] & mask;
                    while (slots[s] != 0) {
                        s = (s + 1) & mask;
                    }
                    slots[s] = oldSlots[i];
                    hashes[s] = oldHashes[i];
                }
            }
        }

        private static boolean same(byte[] key, byte[] b, int from, int to) {
            return Arrays.equals(key, 0, key.length, b, from, to);
        }

        private static int hash(byte[] b, int from, int to) {
            int h = 1;
            for (int i = from; i < to; i++) {
                h = 31 * h + b[i];
            }
            return h ^ (h >>> 16);
        }
    }

    private static @Nullable Part await(Future<Part> task) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("list read interrupted");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                case null, default -> throw new IllegalStateException("list read failed", e.getCause());
            }
        }
    }
}
