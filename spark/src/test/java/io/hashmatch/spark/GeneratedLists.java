package io.hashmatch.spark;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.SnapshotWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Seeded synthetic lists and stored hashes, kept in memory as well as written, so that a brute-force scan over the
 * in-memory copy is the oracle of a retro-scan.
 */
final class GeneratedLists {
    /** One list entry as generated. */
    record Entry(
            List<PdqHash> pdq,
            @Nullable String md5,
            @Nullable String category,
            boolean suppression) {}

    /** One list as generated and as written. */
    record ListData(
            String name, String version, boolean suppressionList, List<Entry> entries, Path file, String checksum) {}

    /** One stored row. */
    record Stored(
            String id,
            @Nullable String pdq,
            @Nullable String md5,
            @Nullable Integer quality) {}

    private final Random random;

    GeneratedLists(long seed) {
        this.random = new Random(seed);
    }

    PdqHash randomPdq() {
        return PdqHash.of(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }

    /** {@code h} with {@code bits} distinct bits flipped. */
    PdqHash flip(PdqHash h, int bits) {
        long[] w = {h.word(0), h.word(1), h.word(2), h.word(3)};
        java.util.Set<Integer> chosen = new java.util.HashSet<>();
        while (chosen.size() < bits) {
            chosen.add(random.nextInt(256));
        }
        for (int b : chosen) {
            w[b >>> 6] ^= 1L << (b & 63);
        }
        return PdqHash.of(w[0], w[1], w[2], w[3]);
    }

    String randomMd5() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Random entries: one or two PDQ hashes, a fifth with an MD5, three categories, a few suppression entries. */
    List<Entry> entries(int n, double suppressionShare) {
        List<Entry> entries = new ArrayList<>(n);
        for (int e = 0; e < n; e++) {
            List<PdqHash> pdq = new ArrayList<>();
            pdq.add(randomPdq());
            if (random.nextInt(10) == 0) {
                pdq.add(randomPdq());
            }
            entries.add(new Entry(
                    pdq,
                    random.nextInt(5) == 0 ? randomMd5() : null,
                    "cat-" + random.nextInt(3),
                    random.nextDouble() < suppressionShare));
        }
        return entries;
    }

    static ListData write(String name, String version, boolean suppressionList, List<Entry> entries, Path file)
            throws IOException {
        SnapshotWriter w = SnapshotWriter.create(name, version, Instant.parse("2026-01-01T00:00:00Z"));
        for (Entry e : entries) {
            int n = w.addEntry(e.category(), null, e.suppression());
            for (PdqHash h : e.pdq()) {
                w.addPdq(n, h);
            }
            if (e.md5() != null) {
                w.addMd5(n, e.md5());
            }
        }
        w.write(file);
        String checksum;
        try (HashListSnapshot s = HashListSnapshot.open(file)) {
            checksum = s.checksum();
        }
        return new ListData(name, version, suppressionList, List.copyOf(entries), file, checksum);
    }

    /**
     * Stored rows: a third near an entry of {@code near} (0 to 45 bits away), a tenth with an entry's MD5, the rest
     * random; half with a quality.
     */
    List<Stored> stored(int n, List<ListData> near) {
        List<Stored> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ListData l = near.get(random.nextInt(near.size()));
            Entry e = l.entries().get(random.nextInt(l.entries().size()));
            PdqHash pdq = random.nextInt(3) == 0
                    ? flip(e.pdq().get(random.nextInt(e.pdq().size())), random.nextInt(46))
                    : randomPdq();
            String md5 =
                    random.nextInt(10) == 0 && e.md5() != null ? e.md5() : (random.nextBoolean() ? randomMd5() : null);
            Integer quality = random.nextBoolean() ? random.nextInt(101) : null;
            rows.add(new Stored("row-" + i, random.nextInt(20) == 0 ? null : pdq.toHex(), md5, quality));
        }
        return rows;
    }

    /**
     * The hit rows of a brute-force scan of {@code rows} over {@code lists}, by the rules of the engine's matcher, as
     * strings {@code id|kind|hash|list|entry|distance|category|source|suppressing|suppressed|version|checksum}.
     */
    static List<String> bruteForce(List<Stored> rows, List<ListData> lists, int maxDistance, int minQuality) {
        List<String> out = new ArrayList<>();
        for (Stored r : rows) {
            PdqHash q = r.pdq() == null ? null : PdqHash.fromHex(r.pdq());
            boolean searchPdq = q != null && (r.quality() == null || r.quality() >= minQuality);
            List<int[]> hits = new ArrayList<>(); // list, entry, distance, kind (0 pdq, 1 md5)
            boolean anySuppressing = false;
            for (int l = 0; l < lists.size(); l++) {
                ListData list = lists.get(l);
                for (int e = 0; e < list.entries().size(); e++) {
                    Entry entry = list.entries().get(e);
                    int best = Integer.MAX_VALUE;
                    if (searchPdq) {
                        for (PdqHash h : entry.pdq()) {
                            best = Math.min(best, distance(q, h));
                        }
                    }
                    boolean suppressing = list.suppressionList() || entry.suppression();
                    if (best <= maxDistance) {
                        hits.add(new int[] {l, e, best, 0});
                        anySuppressing |= suppressing;
                    }
                    if (r.md5() != null && r.md5().equals(entry.md5())) {
                        hits.add(new int[] {l, e, 0, 1});
                        anySuppressing |= suppressing;
                    }
                }
            }
            for (int[] h : hits) {
                ListData list = lists.get(h[0]);
                Entry entry = list.entries().get(h[1]);
                boolean suppressing = list.suppressionList() || entry.suppression();
                out.add(String.join(
                        "|",
                        r.id(),
                        h[3] == 0 ? "pdq" : "md5",
                        h[3] == 0 ? r.pdq() : r.md5(),
                        list.name(),
                        Integer.toString(h[1]),
                        Integer.toString(h[2]),
                        String.valueOf(entry.category()),
                        "null",
                        Boolean.toString(suppressing),
                        Boolean.toString(anySuppressing && !suppressing),
                        list.version(),
                        list.checksum()));
            }
        }
        return out;
    }

    static int distance(PdqHash a, PdqHash b) {
        int d = 0;
        for (int w = 0; w < 4; w++) {
            d += Long.bitCount(a.word(w) ^ b.word(w));
        }
        return d;
    }
}
