package io.hashmatch.list.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures: the example lists and in-memory lists. */
final class Lists {
    private Lists() {}

    /** An example list under {@code src/test/resources/lists/}. */
    static Path example(String name) {
        try {
            return Path.of(Lists.class.getResource("/lists/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What writing {@code e} as {@code format} and reading it back keeps of it: only VICS carries the media size and
     * the files where copies were found.
     */
    static ListEntry keptBy(ListFormat format, ListEntry e) {
        return format == ListFormat.VICS_JSON ? e : e.withMedia(ListEntry.SIZE_UNKNOWN, List.of());
    }

    static List<ListEntry> read(Path file, ReadOptions options) throws IOException, ListFormatException {
        try (ListReader r = ListReader.open(file, options)) {
            return drain(r);
        }
    }

    /** Reads {@code text} (UTF-8) as a list named {@code t}. */
    static List<ListEntry> read(String text, ReadOptions options) throws IOException, ListFormatException {
        return read(text.getBytes(StandardCharsets.UTF_8), options);
    }

    static List<ListEntry> read(byte[] bytes, ReadOptions options) throws IOException, ListFormatException {
        try (ListReader r = ListReader.open(new ByteArrayInputStream(bytes), "t", options)) {
            return drain(r);
        }
    }

    static List<ListEntry> drain(ListReader r) throws IOException, ListFormatException {
        List<ListEntry> out = new ArrayList<>();
        for (ListEntry e; (e = r.next()) != null; ) {
            out.add(e);
        }
        return out;
    }
}
