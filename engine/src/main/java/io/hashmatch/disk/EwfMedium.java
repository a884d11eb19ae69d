package io.hashmatch.disk;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The medium an EnCase (E01) image holds, read once from its first byte to its last through libewf, as
 * {@code ewfverify} reads it to check an acquisition: with the hashes the acquiring tool stored, and the chunks whose
 * own checksum failed while reading (their bytes are returned as stored, and counted).
 *
 * <pre>{@code
 * try (EwfMedium m = EwfMedium.open(DiskImage.segmentsOf(Path.of("card.E01")))) {
 *     for (int n; (n = m.read(buf, 0, buf.length)) >= 0; ) { md5.update(buf, 0, n); }
 *     boolean same = md5Hex.equalsIgnoreCase(m.acquiredMd5());
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread reads an instance.
 */
@SuppressWarnings("restricted") // FFM calls into libewf: the JVM runs with --enable-native-access
public final class EwfMedium implements AutoCloseable {
    /** Bytes of the native read buffer. */
    private static final int BUFFER = 1 << 20;

    private final LibEwf.Handles h;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment handlePtr;
    private final MemorySegment handle;
    private final MemorySegment buffer;
    private final MemorySegment errorPtr;
    private final long size;
    private final Map<String, String> acquired;
    private long position;
    private boolean closed;

    private EwfMedium(LibEwf.Handles h, List<Path> segments) throws DiskImageException {
        this.h = h;
        try {
            MemorySegment p = LibEwf.open(h, segments, arena);
            if (p == null) {
                arena.close();
                throw new DiskImageException(
                        DiskImageException.Reason.IMAGE_UNREADABLE,
                        "libewf cannot open the E01 image " + segments.get(0));
            }
            handlePtr = p;
            handle = p.get(ValueLayout.ADDRESS, 0);
            // a chunk whose checksum fails is returned as stored, not as zeros (libewf's default here): the medium is
            // hashed as it is, as ewfverify does without -w
            int unusedSet = (int) h.zeroOnError.invokeExact(handle, (byte) 0, MemorySegment.NULL);
            buffer = arena.allocate(BUFFER);
            errorPtr = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment sizeOut = arena.allocate(ValueLayout.JAVA_LONG);
            size = (int) h.mediaSize.invokeExact(handle, sizeOut, MemorySegment.NULL) == 1
                    ? sizeOut.get(ValueLayout.JAVA_LONG, 0)
                    : -1;
            acquired = LibEwf.acquiredHashes(h, handle, arena);
        } catch (DiskImageException e) {
            throw e;
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
    }

    /**
     * Opens the E01 image made of {@code segments} (in order) for reading its medium.
     *
     * @throws DiskImageException ({@code LIBRARY_MISSING}) without libewf, ({@code IMAGE_UNREADABLE}) when libewf
     *     cannot open the segments
     */
    public static EwfMedium open(List<Path> segments) throws DiskImageException {
        LibEwf.Handles h = LibEwf.Handles.INSTANCE;
        if (h == null) {
            throw new DiskImageException(
                    DiskImageException.Reason.LIBRARY_MISSING,
                    "libewf (libewf.so.2) is not installed (Debian/Ubuntu: apt-get install libewf2)");
        }
        return new EwfMedium(h, List.copyOf(segments));
    }

    /** Bytes of the medium (uncompressed), or -1 when libewf does not say. */
    public long size() {
        return size;
    }

    /** The MD5 of the medium the acquiring tool stored (hex as stored), or null when it stored none. */
    public @Nullable String acquiredMd5() {
        return acquired.get("acquired_md5");
    }

    /** The SHA-1 of the medium the acquiring tool stored (hex as stored), or null when it stored none. */
    public @Nullable String acquiredSha1() {
        return acquired.get("acquired_sha1");
    }

    /** Bytes of the medium read so far. */
    public long position() {
        return position;
    }

    /**
     * Reads the next bytes of the medium.
     *
     * @return the bytes read, -1 at its end
     * @throws IOException when libewf cannot read there (a segment missing or cut short); its message is libewf's
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("closed");
        }
        if (len == 0) {
            return 0;
        }
        long got;
        try {
            errorPtr.set(ValueLayout.ADDRESS, 0, MemorySegment.NULL);
            got = (long) h.readBuffer.invokeExact(handle, buffer, (long) Math.min(len, BUFFER), errorPtr);
            if (got < 0) {
                throw new IOException("libewf cannot read the medium at byte " + position + ": "
                        + LibEwf.errorMessage(h, errorPtr, arena));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
        if (got == 0) {
            return -1;
        }
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, b, off, (int) got);
        position += got;
        return (int) got;
    }

    /**
     * The stretches of the medium read so far whose chunk failed its checksum (its bytes as stored differ from what
     * was acquired), as {@code "sectors 2048-2111"}, in libewf's order.
     */
    public List<String> checksumErrors() {
        List<String> out = new ArrayList<>();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment count = call.allocate(ValueLayout.JAVA_INT);
            if ((int) h.checksumErrors.invokeExact(handle, count, MemorySegment.NULL) != 1) {
                return out;
            }
            MemorySegment first = call.allocate(ValueLayout.JAVA_LONG);
            MemorySegment sectors = call.allocate(ValueLayout.JAVA_LONG);
            int n = count.get(ValueLayout.JAVA_INT, 0);
            for (int i = 0; i < n; i++) {
                if ((int) h.checksumError.invokeExact(handle, i, first, sectors, MemorySegment.NULL) == 1) {
                    long from = first.get(ValueLayout.JAVA_LONG, 0);
                    long k = sectors.get(ValueLayout.JAVA_LONG, 0);
                    out.add(String.format(Locale.ROOT, "sectors %d-%d", from, from + k - 1));
                }
            }
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
        return out;
    }

    /** Closes the handle. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            LibEwf.close(h, handlePtr);
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        } finally {
            arena.close();
        }
    }
}
