package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.format.ListEntry;
import io.hashmatch.list.format.ListFormat;
import io.hashmatch.list.format.ListImport;
import io.hashmatch.list.format.ReadOptions;
import io.hashmatch.list.metadata.EntryMetadata;
import io.hashmatch.list.metadata.EntryMetadataStore;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Demo list files -> import -> snapshot -> match, for every input format, and export -> re-import. */
class ImportMatchRoundTripTest {
    @TempDir
    Path dir;

    static Path demo;
    static Path images;
    static final FileHasher HASHER = FileHasher.newBuilder().build();

    @BeforeAll
    static void locate() {
        Path root = DemoLists.repositoryRoot();
        demo = root.resolve("hashlists/demo");
        images = DemoLists.imagesDir(root);
    }

    /** How to read each demo file: the two 64-digit hex lists state their kind. */
    static ListImport.Source source(String file) {
        ReadOptions o =
                switch (file) {
                    case DemoLists.HEX_SHA256 -> ReadOptions.DEFAULTS.withHashKind(HashKind.SHA256);
                    case DemoLists.HEX_PDQ -> ReadOptions.DEFAULTS.withHashKind(HashKind.PDQ);
                    default -> ReadOptions.DEFAULTS;
                };
        return new ListImport.Source(demo.resolve(file), o);
    }

    /** Kinds each format's entries carry for its images. */
    static final Map<String, Set<HashKind>> KINDS = Map.of(
            DemoLists.TE_TEXT,
            Set.of(HashKind.PDQ),
            DemoLists.TE_CSV,
            Set.of(HashKind.PDQ),
            DemoLists.VICS_1,
            Set.of(HashKind.PDQ, HashKind.MD5, HashKind.SHA1),
            DemoLists.VICS_2,
            Set.of(HashKind.PDQ, HashKind.MD5, HashKind.SHA1),
            DemoLists.HEX_MD5,
            Set.of(HashKind.MD5),
            DemoLists.HEX_SHA256,
            Set.of(HashKind.SHA256),
            DemoLists.HEX_PDQ,
            Set.of(HashKind.PDQ));

    static Stream<String> files() {
        return DemoLists.FILES.stream();
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyImageMatchesItsOwnEntryAtDistanceZero(String file) throws Exception {
        Path snap = dir.resolve(file + ".hmsnap");
        ImportReport report = ListImporter.importLists(List.of(source(file)), "demo-" + file, "1", snap);
        assertThat(report.metadata())
                .exists()
                .isEqualTo(snap.resolveSibling(file + ".hmsnap." + report.id() + ".meta"));
        try (HashListSnapshot s = HashListSnapshot.open(snap)) {
            Matcher m = Matcher.newBuilder().addList(s).build();
            int entry = 0;
            for (DemoLists.Item item : DemoLists.ITEMS) {
                if (!item.file().equals(file)) {
                    continue;
                }
                FileHashes h = HASHER.hash(images.resolve(item.image()));
                MatchResult r = m.match(Query.of(item.image(), h));
                boolean low = h.pdq().quality() < Matcher.DEFAULT_MIN_QUALITY;
                assertThat(r.lowQuality()).as(item.image()).isEqualTo(low);
                String category = item.category().isEmpty() ? null : item.category();
                boolean suppression = "NEGATIVE_CLASS".equals(category);
                List<MatchHit> expected = new ArrayList<>();
                for (HashKind k : List.of(HashKind.PDQ, HashKind.MD5, HashKind.SHA1, HashKind.SHA256)) {
                    if (KINDS.get(file).contains(k) && !(k == HashKind.PDQ && low)) {
                        expected.add(new MatchHit(
                                "demo-" + file, entry, 0, k, category, s.sourceList(entry), suppression, false));
                    }
                }
                assertThat(r.hits()).as(item.image()).containsExactlyElementsOf(expected);
                assertThat(r.matched()).as(item.image()).isEqualTo(!expected.isEmpty() && !suppression);
                entry++;
            }
            // Plain matching never opened Chronicle Map.
            assertThat(s.metadataOpened()).isFalse();
            assertThat(s.entryCount()).isEqualTo(report.entries());
        }
    }

    @Test
    void tePhotoMd5LineIsAnExactHitWithNoCategory() throws Exception {
        Path snap = dir.resolve("te.hmsnap");
        ListImporter.importLists(List.of(source(DemoLists.TE_TEXT)), "te", "1", snap);
        try (HashListSnapshot s = HashListSnapshot.open(snap)) {
            FileHashes h = HASHER.hash(images.resolve("syn_noise_64x48.png"));
            MatchResult r = Matcher.newBuilder()
                    .addList(s)
                    .build()
                    .match(Query.md5(h.exact().md5()));
            assertThat(r.hits())
                    .containsExactly(new MatchHit("te", 3, 0, HashKind.MD5, null, "te-signals.txt", false, false));
        }
    }

    @Test
    void mergedListsKeepSourcesCategoriesAndMetadata() throws Exception {
        Path snap = dir.resolve("all.hmsnap");
        List<ListImport.Source> sources =
                DemoLists.FILES.stream().map(ImportMatchRoundTripTest::source).toList();
        ImportReport report = ListImporter.importLists(sources, "all", "2026-11-29", snap);
        assertThat(report.entries()).isEqualTo(DemoLists.ITEMS.size() + 1); // + the TE photo_md5 line
        assertThat(report.entriesPerSource()).containsExactly(4L, 4L, 2L, 3L, 2L, 2L, 2L);
        assertThat(report.hashes())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        HashKind.PDQ,
                        14L,
                        HashKind.MD5,
                        8L,
                        HashKind.SHA1,
                        5L,
                        HashKind.SHA256,
                        2L,
                        HashKind.PHOTODNA,
                        0L));
        assertThat(report.warnings()).isEmpty();
        try (HashListSnapshot s = HashListSnapshot.open(snap)) {
            assertThat(s.sourceLists())
                    .containsExactly(
                            "te-signals.txt",
                            "hashmatch demo",
                            "vics-1.2-case.json",
                            "vics-2.0-hashset.json",
                            "md5.txt",
                            "sha256.txt",
                            "pdq.txt");
            assertThat(s.categories())
                    .containsExactly("POSITIVE_CLASS", "INVESTIGATION_SEED", "NEGATIVE_CLASS", "1", "2", "3", "0");
            assertThat(s.isSuppression(7)).isTrue();
            assertThat(s.category(7)).isEqualTo("NEGATIVE_CLASS");
            assertThat(s.sourceList(8)).isEqualTo("vics-1.2-case.json");
            Matcher m = Matcher.newBuilder().addList(s).build();
            // The MD5 of syn_noise_64x48 is in the TE text list (entry 3) and in md5.txt (entry 13).
            MatchResult noise = m.match(Query.of("noise", HASHER.hash(images.resolve("syn_noise_64x48.png"))));
            assertThat(noise.hits())
                    .extracting(MatchHit::entry, MatchHit::kind, MatchHit::sourceList)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(3, HashKind.MD5, "te-signals.txt"),
                            org.assertj.core.groups.Tuple.tuple(13, HashKind.MD5, "md5.txt"));
            // The NEGATIVE_CLASS entry suppresses: the query is not a match.
            MatchResult negative = m.match(Query.of("neg", HASHER.hash(images.resolve("syn_checker_100x100.png"))));
            assertThat(negative.matched()).isFalse();
            assertThat(negative.suppressed()).isTrue();
            assertThat(s.metadataOpened()).isFalse();
            MatchResult vics = m.match(Query.of("v", HASHER.hash(images.resolve("syn_shapes_640x480.png"))));
            assertThat(vics.hits()).extracting(MatchHit::entry).containsOnly(8);
            EntryMetadata meta = m.metadata(vics.hits().get(0)).orElseThrow();
            assertThat(meta)
                    .isEqualTo(new EntryMetadata(
                            "1001",
                            "1",
                            "vics-1.2-case.json",
                            java.time.Instant.parse(DemoLists.DATE),
                            List.of("synthetic", "demo"),
                            null));
            assertThat(s.metadataOpened()).isTrue();
        }
    }

    @Test
    void nearDuplicatesMatchUpToTheListsDistanceAndNotBeyond() throws Exception {
        Path snap = dir.resolve("pdq.hmsnap");
        ListImporter.importLists(List.of(source(DemoLists.HEX_PDQ)), "pdq", "1", snap);
        try (HashListSnapshot s = HashListSnapshot.open(snap)) {
            PdqHash own =
                    HASHER.hash(images.resolve("syn_shapes_1024x768.png")).pdq().hash();
            for (int max : new int[] {0, 10, 31}) {
                Matcher m = Matcher.newBuilder()
                        .addList(s, ListSettings.DEFAULTS.withMaxDistance(max))
                        .build();
                for (int k = 0; k <= 40; k++) {
                    PdqHash q = flip(own, k);
                    MatchResult r = m.match(Query.pdq(q, 100));
                    if (k <= max) {
                        assertThat(r.hits())
                                .as("k=%d max=%d", k, max)
                                .containsExactly(
                                        new MatchHit("pdq", 0, k, HashKind.PDQ, null, "pdq.txt", false, false));
                    } else {
                        assertThat(r.hits()).as("k=%d max=%d", k, max).isEmpty();
                    }
                }
            }
        }
    }

    /** {@code hash} with bits 0, 7, 14, ... (k of them, spread over the words) flipped. */
    static PdqHash flip(PdqHash hash, int k) {
        long[] w = {hash.w0(), hash.w1(), hash.w2(), hash.w3()};
        for (int i = 0; i < k; i++) {
            int bit = i * 7 % 256;
            w[bit >> 6] ^= 1L << (bit & 63);
        }
        return PdqHash.of(w[0], w[1], w[2], w[3]);
    }

    @Test
    void failedImportLeavesTheTargetByteIdenticalAndWritesNothing() throws Exception {
        Path snap = dir.resolve("list.hmsnap");
        ListImporter.importLists(List.of(source(DemoLists.TE_CSV)), "list", "1", snap);
        byte[] before = Files.readAllBytes(snap);
        List<Path> filesBefore;
        try (Stream<Path> f = Files.list(dir)) {
            filesBefore = f.sorted().toList();
        }
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "# second file\npdq " + "a".repeat(64) + "\npdq 12345\n");
        assertThatThrownBy(() -> ListImporter.importLists(
                        List.of(source(DemoLists.VICS_2), new ListImport.Source(bad, ReadOptions.DEFAULTS)),
                        "list",
                        "2",
                        snap))
                .isInstanceOfSatisfying(ListImportException.class, e -> {
                    assertThat(e.file()).isEqualTo(bad.toString());
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.reason()).isEqualTo("PDQ hash must be 64 hex digits, got 5");
                });
        assertThat(Files.readAllBytes(snap)).isEqualTo(before);
        try (Stream<Path> f = Files.list(dir)) {
            List<Path> after = new ArrayList<>(f.sorted().toList());
            after.remove(bad);
            assertThat(after).isEqualTo(filesBefore);
        }
    }

    @Test
    void reimportKeepsTheReplacedSnapshotsMetadataAndDeletesOlderOnes() throws Exception {
        Path snap = dir.resolve("list.hmsnap");
        ImportReport first = ListImporter.importLists(List.of(source(DemoLists.HEX_MD5)), "list", "1", snap);
        Path orphan = snap.resolveSibling("list.hmsnap." + "0".repeat(32) + ".meta"); // as left by a crash
        Files.writeString(orphan, "x");
        ImportReport second = ListImporter.importLists(List.of(source(DemoLists.HEX_MD5)), "list", "2", snap);
        ImportReport third = ListImporter.importLists(List.of(source(DemoLists.HEX_MD5)), "list", "3", snap);
        assertThat(first.metadata()).doesNotExist();
        assertThat(orphan).doesNotExist();
        assertThat(second.metadata()).exists();
        assertThat(third.metadata()).exists();
        try (HashListSnapshot s = HashListSnapshot.open(snap)) {
            assertThat(s.metadataPath()).isEqualTo(third.metadata());
            assertThat(s.id()).isEqualTo(third.id());
        }
    }

    @ParameterizedTest
    @MethodSource("exportFormats")
    void exportThenReimportGivesTheSameEntries(ListFormat format) throws Exception {
        // Every demo list with no hash in two lists (a merged export with repeats would be refused on re-import).
        List<ListImport.Source> sources = Stream.of(
                        DemoLists.TE_CSV, DemoLists.VICS_1, DemoLists.VICS_2, DemoLists.HEX_SHA256, DemoLists.HEX_PDQ)
                .map(ImportMatchRoundTripTest::source)
                .toList();
        Path snap = dir.resolve("x.hmsnap");
        ListImporter.importLists(sources, "x", "1", snap);
        Path exported = dir.resolve(format == ListFormat.VICS_JSON ? "exported.json" : "exported.csv");
        try (HashListSnapshot s = HashListSnapshot.open(snap);
                OutputStream out = Files.newOutputStream(exported)) {
            assertThat(ListImporter.export(s, s.metadata(), format, out)).isEqualTo(13);
        }
        List<ListEntry> original = ListImport.readAll(sources);
        List<ListEntry> back = ListImport.readAll(List.of(ListImport.Source.of(exported)));
        assertThat(back).hasSameSizeAs(original);
        for (int i = 0; i < original.size(); i++) {
            // a snapshot keeps no MediaFiles, so no export of one carries them
            ListEntry o = original.get(i).withLine(0).withMedia(ListEntry.SIZE_UNKNOWN, List.of());
            ListEntry b = back.get(i).withLine(0);
            if (format == ListFormat.VICS_JSON) { // VICS does not carry the source list
                b = b.withSourceList(o.sourceList());
            }
            assertThat(b).as("entry %d", i).isEqualTo(o);
        }
        // And through a second snapshot: same matching answers.
        Path again = dir.resolve("again.hmsnap");
        ListImporter.importLists(List.of(ListImport.Source.of(exported)), "x", "2", again);
        try (HashListSnapshot a = HashListSnapshot.open(snap);
                HashListSnapshot b = HashListSnapshot.open(again)) {
            assertThat(b.entryCount()).isEqualTo(a.entryCount());
            for (int e = 0; e < a.entryCount(); e++) {
                assertThat(b.category(e)).isEqualTo(a.category(e));
                assertThat(b.isSuppression(e)).isEqualTo(a.isSuppression(e));
            }
        }
    }

    static Stream<ListFormat> exportFormats() {
        return Stream.of(ListFormat.VICS_JSON, ListFormat.TE_CSV);
    }

    @Test
    void exportWithoutMetadataKeepsHashesCategoryAndSource() throws Exception {
        Path snap = dir.resolve("v.hmsnap");
        ListImporter.importLists(List.of(source(DemoLists.VICS_2)), "v", "1", snap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (HashListSnapshot s = HashListSnapshot.open(snap)) {
            assertThat(ListImporter.export(s, null, ListFormat.TE_CSV, out)).isEqualTo(3);
            assertThat(s.metadataOpened()).isFalse();
        }
        String csv = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv.lines().count()).isEqualTo(1 + 3 * 3);
        assertThat(csv.lines().skip(1)).allSatisfy(l -> assertThat(l).contains(",vics-2.0-hashset.json,"));
    }

    /**
     * A TE CSV export of the bulk shape: rows without tags get no metadata record (their category and source are in
     * the snapshot), tagged rows share one encoded value per group; {@link Matcher#metadata} gives every entry the
     * record the general path would have written.
     */
    @Test
    void entriesWithNothingBeyondTheSnapshotHaveNoMetadataRecord() throws Exception {
        String a = "ab".repeat(32);
        String b = "cd".repeat(32);
        String c = "ef".repeat(32);
        Path csv = dir.resolve("export.csv");
        Files.writeString(
                csv,
                "signal_type,signal_str,collab,category,tags\n"
                        + "pdq," + a + ",Collab A,POSITIVE_CLASS,\n"
                        + "pdq," + b + ",Collab A,POSITIVE_CLASS,t1 t2\n"
                        + "pdq," + c + ",,NEGATIVE_CLASS,t1 t2\n");
        Path snap = dir.resolve("export.hmsnap");
        ImportReport report = ListImporter.importLists(List.of(ListImport.Source.of(csv)), "e", "1", snap);
        assertThat(report.entries()).isEqualTo(3);
        try (HashListSnapshot s = HashListSnapshot.open(snap)) {
            EntryMetadataStore store = s.metadata();
            assertThat(store.size()).isEqualTo(2);
            assertThat(store.get(0)).isEmpty();
            assertThat(store.get(1))
                    .contains(new EntryMetadata(null, "POSITIVE_CLASS", "Collab A", null, List.of("t1", "t2"), null));
            assertThat(store.get(2))
                    .contains(new EntryMetadata(null, "NEGATIVE_CLASS", "export.csv", null, List.of("t1", "t2"), null));
            Matcher m = Matcher.newBuilder().addList(s).build();
            MatchResult r = m.match(Query.pdq(PdqHash.fromHex(a)));
            assertThat(r.hits()).extracting(MatchHit::entry).containsExactly(0);
            assertThat(m.metadata(r.hits().get(0)))
                    .contains(new EntryMetadata(null, "POSITIVE_CLASS", "Collab A", null, List.of(), null));
            MatchResult tagged = m.match(Query.pdq(PdqHash.fromHex(b)));
            assertThat(m.metadata(tagged.hits().get(0))).isEqualTo(store.get(1));
        }
    }
}
