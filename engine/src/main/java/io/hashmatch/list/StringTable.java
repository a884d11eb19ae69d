package io.hashmatch.list;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A section holding a small table of distinct strings (the categories, the source lists), referred to by
 * index from the per-entry sections; -1 means "none".
 *
 * <p>Layout (little-endian): int32 count N, then N strings, each an int32 byte length and that many UTF-8
 * bytes. Strings are in first-use order, so the table of a given input is always the same.
 *
 * <p>The writing side ({@link #code}) is not thread-safe; {@link #decode} returns a fresh array.
 */
final class StringTable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Index of "no string" in the per-entry sections. */
    static final int NONE = -1;

    private final Map<String, Integer> codes = new LinkedHashMap<>();

    /** The index of {@code s}, added on first use; {@link #NONE} for null. */
    int code(@Nullable String s) {
        if (s == null) {
            return NONE;
        }
        return codes.computeIfAbsent(s, k -> codes.size());
    }

    /** The section bytes. */
    MemorySegment encode() {
        List<byte[]> utf8 = new ArrayList<>(codes.size());
        long size = 4;
        for (String s : codes.keySet()) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            utf8.add(b);
            size += 4 + b.length;
        }
        MemorySegment out = MemorySegment.ofArray(new byte[Math.toIntExact(size)]);
        out.set(INT, 0, utf8.size());
        long pos = 4;
        for (byte[] b : utf8) {
            out.set(INT, pos, b.length);
            MemorySegment.copy(b, 0, out, ValueLayout.JAVA_BYTE, pos + 4, b.length);
            pos += 4 + b.length;
        }
        return out;
    }

    /**
     * Reads a table section, checking that it is exactly its declared strings.
     *
     * @throws FileFormatException (CORRUPT) if a count or length runs past the section, or bytes are left over
     */
    static String[] decode(MemorySegment section, Path file, String name) throws FileFormatException {
        long size = section.byteSize();
        if (size < 4) {
            throw corrupt(file, name, "shorter than its count");
        }
        int count = section.get(INT, 0);
        if (count < 0 || count > (size - 4) / 4) {
            throw corrupt(file, name, "count " + count + " does not fit " + size + " bytes");
        }
        String[] out = new String[count];
        long pos = 4;
        for (int i = 0; i < count; i++) {
            if (pos + 4 > size) {
                throw corrupt(file, name, "string " + i + " runs past the section");
            }
            int length = section.get(INT, pos);
            if (length < 0 || length > size - pos - 4) {
                throw corrupt(file, name, "string " + i + " of " + length + " bytes runs past the section");
            }
            out[i] =
                    new String(section.asSlice(pos + 4, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            pos += 4 + length;
        }
        if (pos != size) {
            throw corrupt(file, name, (size - pos) + " bytes after the last string");
        }
        return out;
    }

    private static FileFormatException corrupt(Path file, String name, String what) {
        return FileFormatException.corrupt(file, "section " + name + ": " + what);
    }
}
