package io.hashmatch.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One entry read from its stream (an archive entry, a file in a disk image, a carved object): its bytes when they fit
 * the in-memory limit, else its exact digests, computed while it streams past, and its first bytes. The one place
 * that decides whether an entry is held or streamed.
 *
 * <p>The bytes are held in chunks while the entry is read and joined once at the end, so an entry costs about twice
 * its size at the peak (never the four times a doubling buffer can), and nothing is held beyond the limit: at the
 * first chunk over it, the chunks held go into the digests and are dropped, and the rest of the entry streams through
 * one chunk. An entry whose length is known in advance to be over the limit is never held at all. Running out of
 * memory while holding the entry does the same (the chunks are digested and dropped before anything else is
 * allocated), so the digests always cover every byte.
 *
 * @param bytes the whole entry; null when it was not held
 * @param digests the entry's digests when it was not held (an empty digest otherwise)
 * @param head the entry's first bytes (at most {@link ContentSniffer#HEAD_BYTES}), for its kind
 * @param outOfMemory whether holding it failed for lack of memory rather than for the limit
 */
record EntryBytes(byte @Nullable [] bytes, ExactDigests digests, byte[] head, boolean outOfMemory) {
    /** Bytes read at once; also the granularity of what is held. */
    static final int CHUNK = 1 << 20;

    /** Length of an entry whose length is not known before it is read. */
    static final long UNKNOWN_SIZE = -1;

    /**
     * Reads the rest of {@code in}: held whole when it has at most {@code limit} bytes.
     *
     * @param size the bytes {@code in} holds when known in advance (a file in a disk image, a carved object), else
     *     {@link #UNKNOWN_SIZE}: an entry known to be over the limit streams from its first byte, a smaller one is
     *     read into a buffer of its size rather than of a whole chunk
     * @throws IOException when the stream fails (an {@link ExpansionBudget.ArchiveBombException} included)
     */
    static EntryBytes read(InputStream in, long limit, long size) throws IOException {
        ExactDigests digests = new ExactDigests();
        List<byte[]> chunks = new ArrayList<>();
        long held = 0;
        boolean outOfMemory = false;
        boolean overLimit = size > limit;
        long expected = size < 0 ? limit : Math.min(size, limit);
        // never shorter than the head, whose bytes tell the kind however small the limit
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(ContentSniffer.HEAD_BYTES, expected + 1))];
        int pending = 0; // bytes read into chunk and not held: memory ran out while keeping them, or never to be held
        if (overLimit) {
            pending = in.readNBytes(chunk, 0, chunk.length);
        }
        while (!overLimit) {
            int n = in.readNBytes(chunk, 0, chunk.length);
            if (n > 0) {
                try {
                    chunks.add(n == chunk.length ? chunk : Arrays.copyOf(chunk, n));
                } catch (OutOfMemoryError e) {
                    outOfMemory = true;
                    pending = n;
                    break;
                }
                held += n;
            }
            if (n < chunk.length) {
                break; // end of the entry
            }
            if (held > limit) {
                overLimit = true;
                break;
            }
            try {
                chunk = new byte[chunk.length];
            } catch (OutOfMemoryError e) {
                outOfMemory = true;
                break;
            }
        }
        if (!overLimit && !outOfMemory && held <= limit) {
            try {
                return new EntryBytes(join(chunks, (int) held), digests, head(chunks), false);
            } catch (OutOfMemoryError e) {
                outOfMemory = true;
            }
        }
        // Digests first, then the chunks dropped, before anything is allocated (not even an iterator): memory may have
        // run out with every chunk still held.
        for (int i = 0; i < chunks.size(); i++) {
            byte[] c = chunks.get(i);
            digests.update(c, 0, c.length);
        }
        digests.update(chunk, 0, pending);
        byte[] first = chunks.isEmpty() ? chunk : chunks.getFirst();
        int firstBytes = chunks.isEmpty() ? pending : first.length;
        byte[] buffer = chunks.isEmpty() ? chunk : chunks.getLast();
        chunks.clear();
        chunk = null;
        byte[] head = Arrays.copyOf(first, Math.min(firstBytes, ContentSniffer.HEAD_BYTES));
        if (buffer.length < 1 << 16) {
            buffer = new byte[1 << 16];
        }
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digests.update(buffer, 0, n);
        }
        return new EntryBytes(null, digests, head, outOfMemory);
    }

    private static byte[] join(List<byte[]> chunks, int size) {
        if (chunks.size() == 1 && chunks.getFirst().length == size) {
            return chunks.getFirst();
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, all, at, c.length);
            at += c.length;
        }
        return all;
    }

    private static byte[] head(List<byte[]> chunks) {
        if (chunks.isEmpty()) {
            return new byte[0];
        }
        byte[] first = chunks.getFirst();
        return Arrays.copyOf(first, Math.min(first.length, ContentSniffer.HEAD_BYTES));
    }
}
