package io.hashmatch.list.metadata;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The metadata values of entries 0, 1, 2, ... in {@link EntryMetadataStore}'s encoding, staged on the heap until
 * the store is written: an import of ten million entries would otherwise hold ten million {@link EntryMetadata}
 * records with their strings (some 200 bytes each, all promoted to the old generation), where the encoded bytes
 * take about 70.
 *
 * <p>Layout: values back to back in {@value #CHUNK}-byte chunks (a value never straddles two; a larger one gets a
 * chunk of its own), and per entry its value's chunk, offset and length in three {@code int[]}: 12 bytes of index
 * per entry. Entries may share one value's bytes ({@link #addCopyOf}) or have none ({@link #addNone}, length -1).
 *
 * <p>The encoding (byte for byte what {@link java.io.DataOutputStream} would write): version byte {@code 1}; external
 * id, category, source list, each a presence byte and {@code writeUTF} (modified UTF-8 behind a big-endian 16-bit
 * length); date added, a presence byte and big-endian epoch milliseconds; big-endian int32 tag count and each tag
 * in {@code writeUTF}; PhotoDNA, a presence byte, big-endian int32 byte length and UTF-8. A value with details has
 * version byte {@code 2} and the details after the PhotoDNA, as a presence byte, int32 byte length and UTF-8 (so a
 * store without details is byte for byte what version 1 wrote).
 *
 * <p>Public for the list importer, which stages an import's metadata here and hands it to
 * {@link EntryMetadataStore#write(java.nio.file.Path, EncodedMetadata)}.
 *
 * <p>Not thread-safe; once filled it may be read by another thread after a happens-before edge (a thread start).
 */
public final class EncodedMetadata {
    static final byte ENCODING_VERSION = 1;
    /** The version of a value with details. */
    static final byte DETAILS_ENCODING_VERSION = 2;

    private static final int CHUNK = 1 << 23;

    private byte[][] chunks = new byte[4][];
    private int chunkCount;
    private int used = CHUNK; // bytes used in the last chunk: none yet, so the first add opens one
    private int[] chunkOf = new int[1024];
    private int[] offsetOf = new int[1024];
    private int[] lengthOf = new int[1024];
    private int size;
    private byte[] scratch = new byte[256];
    private int length;

    /** No values yet. */
    public EncodedMetadata() {}

    /** Number of values. */
    public int size() {
        return size;
    }

    /** Appends the value of the next entry. */
    public void add(EntryMetadata m) {
        add(m.externalId(), m.category(), m.sourceList(), m.dateAdded(), m.tags(), m.photoDna(), m.details());
    }

    /**
     * Appends the value of the next entry, from its fields without details (see {@link EntryMetadata}).
     *
     * @throws UncheckedIOException if a string is longer than modified UTF-8's 65535 bytes
     */
    public void add(
            @Nullable String externalId,
            @Nullable String category,
            @Nullable String sourceList,
            @Nullable Instant dateAdded,
            List<String> tags,
            @Nullable String photoDna) {
        add(externalId, category, sourceList, dateAdded, tags, photoDna, null);
    }

    /**
     * Appends the value of the next entry, from its fields (see {@link EntryMetadata}); version 1 of the encoding
     * when there are no details.
     *
     * @throws UncheckedIOException if a string is longer than modified UTF-8's 65535 bytes
     */
    public void add(
            @Nullable String externalId,
            @Nullable String category,
            @Nullable String sourceList,
            @Nullable Instant dateAdded,
            List<String> tags,
            @Nullable String photoDna,
            @Nullable String details) {
        length = 0;
        put(details == null ? ENCODING_VERSION : DETAILS_ENCODING_VERSION);
        putOptionalUtf(externalId);
        putOptionalUtf(category);
        putOptionalUtf(sourceList);
        put(dateAdded != null ? 1 : 0);
        if (dateAdded != null) {
            putLong(dateAdded.toEpochMilli());
        }
        putInt(tags.size());
        for (String tag : tags) {
            putUtf(tag);
        }
        putOptionalBytes(photoDna);
        if (details != null) {
            putOptionalBytes(details);
        }
        append();
    }

    /**
     * Appends, as the value of the next entry, the same value as entry {@code i}'s (sharing its bytes: no copy).
     *
     * @throws IndexOutOfBoundsException if value {@code i} was not added
     */
    public void addCopyOf(int i) {
        java.util.Objects.checkIndex(i, size);
        if (size == chunkOf.length) {
            grow();
        }
        chunkOf[size] = chunkOf[i];
        offsetOf[size] = offsetOf[i];
        lengthOf[size] = lengthOf[i];
        size++;
    }

    /**
     * Appends "no value" for the next entry: the entry gets no record in the store (an imported entry whose
     * metadata would only repeat the snapshot's category and source list, see {@link EntryMetadataStore}).
     */
    public void addNone() {
        if (size == chunkOf.length) {
            grow();
        }
        chunkOf[size] = 0;
        offsetOf[size] = 0;
        lengthOf[size] = -1;
        size++;
    }

    /** Whether entry {@code i} has a value (was not added with {@link #addNone}). */
    boolean has(int i) {
        return lengthOf[i] >= 0;
    }

    /** Number of entries with a value. */
    int valueCount() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (lengthOf[i] >= 0) {
                n++;
            }
        }
        return n;
    }

    /** A copy of value {@code i}, which must {@link #has} one. */
    byte[] value(int i) {
        int offset = offsetOf[i];
        return Arrays.copyOfRange(chunks[chunkOf[i]], offset, offset + lengthOf[i]);
    }

    /** Sum of the values' lengths. */
    long byteSize() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += Math.max(0, lengthOf[i]);
        }
        return total;
    }

    /** The value just encoded in {@code scratch} as value number {@link #size}. */
    private void append() {
        if (size == chunkOf.length) {
            grow();
        }
        if (CHUNK - used < length) {
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunkCount * 2);
            }
            chunks[chunkCount++] = new byte[Math.max(CHUNK, length)];
            used = 0;
        }
        System.arraycopy(scratch, 0, chunks[chunkCount - 1], used, length);
        chunkOf[size] = chunkCount - 1;
        offsetOf[size] = used;
        lengthOf[size] = length;
        used = length > CHUNK ? CHUNK : used + length; // an oversize value fills its own chunk
        size++;
    }

    private void grow() {
        int grown = Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, size * 2L));
        if (grown == size) {
            throw new IllegalStateException("at most " + size + " metadata values");
        }
        chunkOf = Arrays.copyOf(chunkOf, grown);
        offsetOf = Arrays.copyOf(offsetOf, grown);
        lengthOf = Arrays.copyOf(lengthOf, grown);
    }

    /** A presence byte, then a big-endian int32 byte length and UTF-8. */
    private void putOptionalBytes(@Nullable String s) {
        put(s != null ? 1 : 0);
        if (s != null) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putInt(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, scratch, length, b.length);
            length += b.length;
        }
    }

    private void putOptionalUtf(@Nullable String s) {
        put(s != null ? 1 : 0);
        if (s != null) {
            putUtf(s);
        }
    }

    /** {@link DataOutputStream#writeUTF}: 16-bit length, then modified UTF-8 (U+0000 as two bytes, surrogates apart). */
    private void putUtf(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == 0) {
                bytes += c >= 0x800 ? 2 : 1;
            }
        }
        if (bytes > 0xFFFF) {
            try { // the same exception and message as DataOutputStream's
                new DataOutputStream(OutputStream.nullOutputStream()).writeUTF(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("writeUTF accepted " + bytes + " bytes");
        }
        ensure(2 + bytes);
        byte[] b = scratch;
        int at = length;
        b[at++] = (byte) (bytes >>> 8);
        b[at++] = (byte) bytes;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && c != 0) {
                b[at++] = (byte) c;
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = at;
    }

    private void put(int b) {
        ensure(1);
        scratch[length++] = (byte) b;
    }

    private void putInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            scratch[length++] = (byte) (v >>> shift);
        }
    }

    private void putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            scratch[length++] = (byte) (v >>> shift);
        }
    }

    private void ensure(int more) {
        if (scratch.length - length < more) {
            scratch = Arrays.copyOf(scratch, Math.toIntExact(Math.max(scratch.length * 2L, (long) length + more)));
        }
    }
}
