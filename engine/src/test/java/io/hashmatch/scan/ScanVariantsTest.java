package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.EditedDemoImage;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.HashKind;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan finds a listed picture in each edited copy of {@link EditedDemoImage} (inside a border, as a collage's tile,
 * pillarboxed) through its query-side variants ({@link QueryHashing}), names the variant in the hit and in the
 * journal, and finds nothing without them. The picture is a demo image listed only as its original
 * ({@code syn_rings_127x255.png} in te-dataset.csv).
 */
class ScanVariantsTest {
    static final Path ORIGINAL = ScanTree.IMAGES.resolve(EditedDemoImage.IMAGE);

    @TempDir
    static Path tmp;

    static HashListSnapshot snapshot;
    static Path evidence;

    @BeforeAll
    static void setUp() throws Exception {
        snapshot = HashListSnapshot.open(ScanTree.SNAPSHOT);
        evidence = Files.createDirectories(tmp.resolve("evidence"));
        for (EditedDemoImage copy : EditedDemoImage.values()) {
            copy.write(evidence);
        }
    }

    @AfterAll
    static void close() {
        snapshot.close();
    }

    private static ScanResult scan(boolean variants, Path journal) throws Exception {
        return Scanner.newBuilder()
                .hasher(QueryHashing.hasher(variants).build())
                .matcher(Matcher.newBuilder().addList(snapshot).build(), "demo")
                .journal(journal)
                .threads(1)
                .build()
                .run(List.of(evidence));
    }

    @Test
    void findsTheListedPictureInEachCopyAndNamesItsVariant() throws Exception {
        // the oracle: the entry the original itself hits, whole image against whole image at distance 0
        Matcher matcher = Matcher.newBuilder().addList(snapshot).build();
        MatchHit own = matcher.match(
                        Query.of("original", FileHasher.newBuilder().build().hash(ORIGINAL)))
                .hits()
                .get(0);
        assertThat(own.distance()).isZero();

        ScanResult r = scan(true, tmp.resolve("journal-variants.jsonl"));
        EditedDemoImage[] copies = EditedDemoImage.values();
        assertThat(r.records()).hasSize(copies.length);
        for (EditedDemoImage copy : copies) {
            ScannedFile f = r.records().stream()
                    .filter(x -> x.path().endsWith(copy.fileName()))
                    .findFirst()
                    .orElseThrow();
            assertThat(f.hits())
                    .as(copy.fileName())
                    .containsExactly(new MatchHit(
                            snapshot.name(),
                            own.entry(),
                            EditedDemoImage.DISTANCE, // the region is hashed from the decoded pixels: the original's
                            HashKind.PDQ,
                            "INVESTIGATION_SEED",
                            "hashmatch demo",
                            false,
                            false,
                            copy.variant(),
                            HashVariant.WHOLE));
            assertThat(f.matched()).isTrue();

            String json = f.toJson(0, false);
            assertThat(json)
                    .contains("\"distance\":0,\"kind\":\"pdq\",\"category\":\"INVESTIGATION_SEED\",\"source\":"
                            + "\"hashmatch demo\",\"suppressing\":false,\"suppressed\":false,"
                            + "\"query_variant\":" + copy.variantJson() + ","
                            + "\"entry_variant\":" + EditedDemoImage.WHOLE_JSON + "}");
            assertThat(ScannedFile.fromJson(json))
                    .as("the journal keeps the variants")
                    .isEqualTo(f);
        }
    }

    @Test
    void withoutVariantsNoCopyHitsAnything() throws Exception {
        ScanResult r = scan(false, tmp.resolve("journal-plain.jsonl"));
        assertThat(r.records()).hasSize(EditedDemoImage.values().length);
        for (ScannedFile f : r.records()) {
            assertThat(f.hits()).as(f.path()).isEmpty();
            assertThat(f.pdq())
                    .isEqualTo(FileHasher.newBuilder()
                            .build()
                            .hash(Path.of(f.path()))
                            .pdq()
                            .hash()
                            .toHex());
        }
    }

    @Test
    void aResumeMustKeepTheVariantSetting() throws Exception {
        Path journal = tmp.resolve("journal-resume.jsonl");
        scan(true, journal);
        assertThatThrownBy(() -> Scanner.newBuilder()
                        .hasher(QueryHashing.hasher(false).build())
                        .matcher(Matcher.newBuilder().addList(snapshot).build(), "demo")
                        .journal(journal)
                        .resume(true)
                        .build()
                        .run(List.of(evidence)))
                .isInstanceOf(ScanSetupException.class)
                .hasMessageContaining("other settings");
    }

    @Test
    void aHitWithOneVariantOnlyOrOnAnExactHashIsRefusedWhenRead() {
        String record = "{\"path\":\"p\",\"size\":1,\"kind\":\"image\",\"hits\":[{\"list\":\"l\",\"entry\":1,"
                + "\"distance\":0,\"kind\":\"%s\",\"suppressing\":false,\"suppressed\":false,%s}],\"matched\":true}";
        String trim = "\"query_variant\":{\"kind\":\"trim\",\"transform\":\"original\",\"rect\":[1,2,3,4]}";
        assertThatThrownBy(() -> ScannedFile.fromJson(String.format(record, "pdq", trim)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both variants or neither");
        String both = trim + ",\"entry_variant\":{\"kind\":\"whole\",\"transform\":\"original\"}";
        assertThatThrownBy(() -> ScannedFile.fromJson(String.format(record, "md5", both)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only a PDQ hit");
        assertThat(ScannedFile.fromJson(String.format(record, "pdq", both))
                        .hits()
                        .get(0)
                        .queryVariant())
                .isEqualTo(new HashVariant("trim", "original", 1, 2, 3, 4));
    }
}
