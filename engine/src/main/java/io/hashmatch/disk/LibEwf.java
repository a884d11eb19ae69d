package io.hashmatch.disk;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The acquisition metadata of an EnCase (E01) image, read with libewf ({@code libewf.so.2}, the library The Sleuth
 * Kit reads E01 through) by FFM: case number, examiner, evidence number, description, notes, acquisition date and
 * the hashes the acquiring tool stored. The image's bytes are read by TSK; this only reads the header sections.
 * Loaded on first use; without the library the metadata is empty. Stateless; thread-safe.
 */
@SuppressWarnings("restricted") // FFM calls into libtsk/libewf: the JVM runs with --enable-native-access
final class LibEwf {
    private LibEwf() {}

    private static final String LIBRARY = "libewf.so.2";
    private static final int OPEN_READ = 0x01;

    /** libewf header identifiers, and the names hashmatch reports them under. */
    private static final Map<String, String> HEADER_VALUES = headerValues();

    private static Map<String, String> headerValues() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("case_number", "case_number");
        m.put("evidence_number", "evidence_number");
        m.put("examiner_name", "examiner");
        m.put("description", "description");
        m.put("notes", "notes");
        m.put("acquiry_date", "acquiry_date");
        m.put("acquiry_software", "acquiry_software");
        m.put("acquiry_software_version", "acquiry_software_version");
        return m;
    }

    /** libewf's functions, or null without the library. */
    static final class Handles {
        static final @Nullable Handles INSTANCE = load();

        final MethodHandle initialize;
        final MethodHandle open;
        final MethodHandle close;
        final MethodHandle free;
        final MethodHandle headerValue;
        final MethodHandle hashValue;
        final MethodHandle md5;
        final MethodHandle sha1;
        final MethodHandle readBuffer;
        final MethodHandle mediaSize;
        final MethodHandle checksumErrors;
        final MethodHandle checksumError;
        final MethodHandle errorSprint;
        final MethodHandle errorFree;
        final MethodHandle zeroOnError;

        private Handles(SymbolLookup lib) {
            Linker l = Linker.nativeLinker();
            var a = ValueLayout.ADDRESS;
            var i = ValueLayout.JAVA_INT;
            var j = ValueLayout.JAVA_LONG;
            initialize = l.downcallHandle(
                    lib.find("libewf_handle_initialize").orElseThrow(), FunctionDescriptor.of(i, a, a));
            open = l.downcallHandle(
                    lib.find("libewf_handle_open").orElseThrow(), FunctionDescriptor.of(i, a, a, i, i, a));
            close = l.downcallHandle(lib.find("libewf_handle_close").orElseThrow(), FunctionDescriptor.of(i, a, a));
            free = l.downcallHandle(lib.find("libewf_handle_free").orElseThrow(), FunctionDescriptor.of(i, a, a));
            headerValue = l.downcallHandle(
                    lib.find("libewf_handle_get_utf8_header_value").orElseThrow(),
                    FunctionDescriptor.of(i, a, a, j, a, j, a));
            hashValue = l.downcallHandle(
                    lib.find("libewf_handle_get_utf8_hash_value").orElseThrow(),
                    FunctionDescriptor.of(i, a, a, j, a, j, a));
            md5 = l.downcallHandle(
                    lib.find("libewf_handle_get_md5_hash").orElseThrow(), FunctionDescriptor.of(i, a, a, j, a));
            sha1 = l.downcallHandle(
                    lib.find("libewf_handle_get_sha1_hash").orElseThrow(), FunctionDescriptor.of(i, a, a, j, a));
            readBuffer = l.downcallHandle(
                    lib.find("libewf_handle_read_buffer").orElseThrow(), FunctionDescriptor.of(j, a, a, j, a));
            mediaSize = l.downcallHandle(
                    lib.find("libewf_handle_get_media_size").orElseThrow(), FunctionDescriptor.of(i, a, a, a));
            checksumErrors = l.downcallHandle(
                    lib.find("libewf_handle_get_number_of_checksum_errors").orElseThrow(),
                    FunctionDescriptor.of(i, a, a, a));
            checksumError = l.downcallHandle(
                    lib.find("libewf_handle_get_checksum_error").orElseThrow(),
                    FunctionDescriptor.of(i, a, i, a, a, a));
            errorSprint =
                    l.downcallHandle(lib.find("libewf_error_sprint").orElseThrow(), FunctionDescriptor.of(i, a, a, j));
            zeroOnError = l.downcallHandle(
                    lib.find("libewf_handle_set_read_zero_chunk_on_error").orElseThrow(),
                    FunctionDescriptor.of(i, a, ValueLayout.JAVA_BYTE, a));
            errorFree = l.downcallHandle(lib.find("libewf_error_free").orElseThrow(), FunctionDescriptor.of(i, a));
        }

        private static @Nullable Handles load() {
            try {
                return new Handles(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                return null;
            }
        }
    }

    /** The metadata of the E01 image made of {@code segments}: empty when libewf is missing or cannot open them. */
    static Map<String, String> metadata(List<Path> segments) {
        Handles h = Handles.INSTANCE;
        Map<String, String> out = new LinkedHashMap<>();
        if (h == null) {
            return out;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handlePtr = open(h, segments, arena);
            if (handlePtr == null) {
                return out;
            }
            MemorySegment handle = handlePtr.get(ValueLayout.ADDRESS, 0);
            try {
                MemorySegment buf = arena.allocate(1024);
                for (Map.Entry<String, String> e : HEADER_VALUES.entrySet()) {
                    String v = value(h.headerValue, handle, e.getKey(), buf, arena);
                    if (v != null && !v.isBlank()) {
                        out.put(e.getValue(), v.strip());
                    }
                }
                out.putAll(acquiredHashes(h, handle, arena));
            } finally {
                close(h, handlePtr);
            }
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
        return out;
    }

    /**
     * A libewf handle opened read-only on {@code segments}, as a pointer to it in {@code arena} (what
     * {@link #close} frees); null when it cannot be opened.
     */
    static @Nullable MemorySegment open(Handles h, List<Path> segments, Arena arena) throws Throwable {
        MemorySegment handlePtr = arena.allocate(ValueLayout.ADDRESS);
        if ((int) h.initialize.invokeExact(handlePtr, MemorySegment.NULL) != 1) {
            return null;
        }
        MemorySegment handle = handlePtr.get(ValueLayout.ADDRESS, 0);
        MemorySegment names = arena.allocate(ValueLayout.ADDRESS, segments.size());
        for (int k = 0; k < segments.size(); k++) {
            names.setAtIndex(
                    ValueLayout.ADDRESS, k, arena.allocateFrom(segments.get(k).toString()));
        }
        if ((int) h.open.invokeExact(handle, names, segments.size(), OPEN_READ, MemorySegment.NULL) != 1) {
            int unusedFreed = (int) h.free.invokeExact(handlePtr, MemorySegment.NULL);
            return null;
        }
        return handlePtr;
    }

    /** Closes and frees the handle {@link #open} gave. */
    static void close(Handles h, MemorySegment handlePtr) throws Throwable {
        MemorySegment handle = handlePtr.get(ValueLayout.ADDRESS, 0);
        int unusedClosed = (int) h.close.invokeExact(handle, MemorySegment.NULL); // read-only: nothing to lose
        int unusedFreed = (int) h.free.invokeExact(handlePtr, MemorySegment.NULL);
    }

    /**
     * The hashes of the medium the acquiring tool stored ({@code acquired_md5}, {@code acquired_sha1}, hex as
     * stored): from the hash values, else from the binary hash sections.
     */
    static Map<String, String> acquiredHashes(Handles h, MemorySegment handle, Arena arena) throws Throwable {
        Map<String, String> out = new LinkedHashMap<>();
        MemorySegment buf = arena.allocate(1024);
        for (String hash : List.of("MD5", "SHA1")) {
            String v = value(h.hashValue, handle, hash, buf, arena);
            if (v != null && !v.isBlank()) {
                out.put("acquired_" + hash.toLowerCase(java.util.Locale.ROOT), v.strip());
            }
        }
        // the binary hash sections, where the acquiring tool stored no hash values in the header
        binaryHash(h.md5, handle, 16, buf, "acquired_md5", out);
        binaryHash(h.sha1, handle, 20, buf, "acquired_sha1", out);
        return out;
    }

    /** libewf's message for the error at {@code errorPtr} (a {@code libewf_error_t **}), which it then frees. */
    static String errorMessage(Handles h, MemorySegment errorPtr, Arena arena) throws Throwable {
        MemorySegment error = errorPtr.get(ValueLayout.ADDRESS, 0);
        if (error.equals(MemorySegment.NULL)) {
            return "unknown error";
        }
        MemorySegment text = arena.allocate(1024);
        int unusedWritten = (int) h.errorSprint.invokeExact(error, text, text.byteSize());
        int unusedFreed = (int) h.errorFree.invokeExact(errorPtr);
        String s = text.getString(0).strip().replaceAll("\\s+", " ");
        return s.isEmpty() ? "unknown error" : s;
    }

    private static void binaryHash(
            MethodHandle getter,
            MemorySegment handle,
            int bytes,
            MemorySegment buf,
            String key,
            Map<String, String> out)
            throws Throwable {
        if (out.containsKey(key)) {
            return;
        }
        buf.fill((byte) 0);
        int r = (int) getter.invokeExact(handle, buf, (long) bytes, MemorySegment.NULL);
        if (r == 1) {
            out.put(
                    key,
                    java.util.HexFormat.of().formatHex(buf.asSlice(0, bytes).toArray(ValueLayout.JAVA_BYTE)));
        }
    }

    private static @Nullable String value(
            MethodHandle getter, MemorySegment handle, String identifier, MemorySegment buf, Arena arena)
            throws Throwable {
        byte[] id = identifier.getBytes(StandardCharsets.US_ASCII);
        // NUL-terminated: libewf compares the identifier's length + 1 bytes, its terminator included, so without
        // one a value is found only when the byte after the identifier happens to be zero
        MemorySegment idSeg = arena.allocateFrom(identifier, StandardCharsets.US_ASCII);
        buf.fill((byte) 0);
        int r = (int) getter.invokeExact(handle, idSeg, (long) id.length, buf, buf.byteSize(), MemorySegment.NULL);
        return r == 1 ? buf.getString(0) : null;
    }
}
