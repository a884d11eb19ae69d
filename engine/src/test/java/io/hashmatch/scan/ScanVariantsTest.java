package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.HashKind;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan finds a listed picture inside a border through its query-side variants ({@link QueryHashing}), names the
 * variant in the hit and in the journal, and finds nothing without them. The picture is a demo image listed only as
 * its original ({@code syn_rings_127x255.png} in te-dataset.csv); the border is drawn here.
 */
class ScanVariantsTest {
    static final Path ORIGINAL = ScanTree.IMAGES.resolve("syn_rings_127x255.png");
    /** Where the picture lands in the bordered copy: the trim variant must name exactly this rectangle. */
    static final HashVariant TRIM = new HashVariant("trim", "original", 24, 24, 127, 255);

    @TempDir
    static Path tmp;

    static HashListSnapshot snapshot;
    static Path evidence;

    @BeforeAll
    static void setUp() throws Exception {
        snapshot = HashListSnapshot.open(ScanTree.SNAPSHOT);
        evidence = Files.createDirectories(tmp.resolve("evidence"));
        Files.write(evidence.resolve("bordered.png"), bordered(ORIGINAL, 24, new Color(40, 40, 40)));
    }

    @AfterAll
    static void close() {
        snapshot.close();
    }

    /** {@code image} inside a uniform border of {@code px} pixels of {@code colour}, as PNG bytes. */
    static byte[] bordered(Path image, int px, Color colour) throws Exception {
        BufferedImage in = ImageIO.read(image.toFile());
        BufferedImage out =
                new BufferedImage(in.getWidth() + 2 * px, in.getHeight() + 2 * px, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(in, px, px, null);
        g.dispose();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ImageIO.write(out, "png", bytes);
        return bytes.toByteArray();
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
    void findsTheListedPictureInsideABorderAndNamesTheTrimVariant() throws Exception {
        // the oracle: the entry the original itself hits, whole image against whole image at distance 0
        Matcher matcher = Matcher.newBuilder().addList(snapshot).build();
        MatchHit own = matcher.match(
                        Query.of("original", FileHasher.newBuilder().build().hash(ORIGINAL)))
                .hits()
                .get(0);
        assertThat(own.distance()).isZero();

        ScanResult r = scan(true, tmp.resolve("journal-variants.jsonl"));
        assertThat(r.records()).hasSize(1);
        ScannedFile f = r.records().get(0);
        assertThat(f.hits())
                .containsExactly(new MatchHit(
                        snapshot.name(),
                        own.entry(),
                        0, // the trim region is hashed from the decoded pixels inside the border: the original's own
                        HashKind.PDQ,
                        "INVESTIGATION_SEED",
                        "hashmatch demo",
                        false,
                        false,
                        TRIM,
                        HashVariant.WHOLE));
        assertThat(f.matched()).isTrue();

        String json = f.toJson(0, false);
        assertThat(json)
                .contains("\"distance\":0,\"kind\":\"pdq\",\"category\":\"INVESTIGATION_SEED\",\"source\":\"hashmatch"
                        + " demo\",\"suppressing\":false,\"suppressed\":false,"
                        + "\"query_variant\":{\"kind\":\"trim\",\"transform\":\"original\",\"rect\":[24,24,127,255]},"
                        + "\"entry_variant\":{\"kind\":\"whole\",\"transform\":\"original\"}}");
        assertThat(ScannedFile.fromJson(json))
                .as("the journal keeps the variants")
                .isEqualTo(f);
    }

    @Test
    void withoutVariantsTheBorderedCopyHitsNothing() throws Exception {
        ScanResult r = scan(false, tmp.resolve("journal-plain.jsonl"));
        assertThat(r.records()).hasSize(1);
        assertThat(r.records().get(0).hits()).isEmpty();
        assertThat(r.records().get(0).pdq())
                .isEqualTo(FileHasher.newBuilder()
                        .build()
                        .hash(evidence.resolve("bordered.png"))
                        .pdq()
                        .hash()
                        .toHex());
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
