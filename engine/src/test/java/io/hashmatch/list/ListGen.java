package io.hashmatch.list;

import io.hashmatch.Gen;
import io.hashmatch.list.metadata.EntryMetadata;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Seeded list metadata: strings with U+0000, two- and three-byte characters and surrogate pairs; nulls. */
public final class ListGen {
    private static final List<String> CHARS = List.of(
            "a", "Z", "0", " ", ",", "\u0000", "\u007f", "\u0080", "é", "\u07ff", "\u0800", "中", "😀", "\uffff");

    private ListGen() {}

    /** 0..12 characters of the list above, or null one time in five. */
    public static @Nullable String text(Gen g) {
        return g.chance(0.2) ? null : nonNullText(g);
    }

    public static String nonNullText(Gen g) {
        return g.join(CHARS, 0, 12);
    }

    public static EntryMetadata metadata(Gen g) {
        String externalId = text(g);
        String category = text(g);
        String sourceList = nonNullText(g);
        Instant date = g.chance(0.3) ? null : Instant.ofEpochMilli(g.longIn(-1L << 40, 1L << 42));
        List<String> tags = g.list(0, 4, () -> nonNullText(g));
        String photoDna = text(g);
        return new EntryMetadata(externalId, category, sourceList, date, tags, photoDna);
    }

    /** 0..20 entries' metadata. */
    public static List<EntryMetadata> metadataList(Gen g) {
        return g.list(0, 20, () -> metadata(g));
    }
}
