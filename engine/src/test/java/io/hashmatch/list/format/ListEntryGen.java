package io.hashmatch.list.format;

import io.hashmatch.Gen;
import io.hashmatch.hash.HashKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Seeded list entries with odd characters in every text field, for write-then-read round trips. */
public final class ListEntryGen {
    /** Characters of ids, categories and source lists: separators, quotes, escapes, line breaks, other scripts. */
    static final List<String> ODD = List.of(
            "a", "Z", "0", "7", "-", " ", ",", ";", "\"", "'", "\\", "\n", "\r", "\t", "#", "=", "{", "}", "[", "]",
            ":", "é", "中", "😀", "\u00a0", "/", "$");
    /** Tag characters: anything but the tag separators and control characters. */
    static final List<String> TAG = List.of(
            "a", "Z", "0", "-", "_", "\"", "'", "\\", "#", "=", "{", "}", ":", "é", "中", "😀", "/", "$", "%", "<", ">");

    private static final List<String> CATEGORIES =
            List.of("POSITIVE_CLASS", "NEGATIVE_CLASS", "INVESTIGATION_SEED", "0", "1", "4");
    private static final String HEX = "0123456789abcdefABCDEF";

    private ListEntryGen() {}

    /** 1..8 entries, those repeating an earlier entry's hash dropped (the readers reject repeats). */
    public static List<ListEntry> entries(Gen g) {
        return withoutRepeatedHashes(g.list(1, 8, () -> entry(g)));
    }

    static List<ListEntry> withoutRepeatedHashes(List<ListEntry> entries) {
        Set<String> seen = new HashSet<>();
        List<ListEntry> kept = new ArrayList<>();
        for (ListEntry e : entries) {
            boolean fresh = e.hashes().entrySet().stream().noneMatch(h -> seen.contains(h.getKey() + h.getValue()));
            if (fresh) {
                e.hashes().forEach((k, v) -> seen.add(k + v));
                kept.add(e);
            }
        }
        return kept;
    }

    public static ListEntry entry(Gen g) {
        Map<HashKind, String> hashes = hashes(g);
        String id = g.chance(0.2)
                ? null
                : switch (g.random().nextInt(3)) {
                    case 0 -> g.join(ODD, 1, 12);
                    case 1 -> Long.toString(g.anyLong());
                    default -> g.join(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), 1, 4);
                };
        String category = g.chance(0.2) ? null : g.bool() ? g.pick(CATEGORIES) : g.join(ODD, 1, 10);
        List<String> tags = g.list(0, 4, () -> g.join(TAG, 1, 8));
        String source = g.join(ODD, 1, 12);
        Instant date = null;
        if (!g.chance(0.3)) {
            long micros = g.longIn(0, 4_102_444_800_000_000L);
            date = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
        }
        return new ListEntry(hashes, id, category, tags, source, date, 0);
    }

    /** A non-empty subset of the hash kinds, each with a value; edge values (all zeros) now and then. */
    private static Map<HashKind, String> hashes(Gen g) {
        EnumMap<HashKind, String> m = new EnumMap<>(HashKind.class);
        while (m.isEmpty()) {
            for (HashKind kind : HashKind.values()) {
                if (g.bool()) {
                    m.put(kind, valueOf(g, kind));
                }
            }
        }
        return m;
    }

    private static String valueOf(Gen g, HashKind kind) {
        if (kind == HashKind.PHOTODNA) {
            return Base64.getEncoder().encodeToString(g.bytes(16, 144));
        }
        boolean zeros = g.chance(0.05);
        StringBuilder sb = new StringBuilder(kind.hexLength());
        for (int i = 0; i < kind.hexLength(); i++) {
            sb.append(zeros ? '0' : HEX.charAt(g.random().nextInt(HEX.length())));
        }
        return sb.toString();
    }
}
