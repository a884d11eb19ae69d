package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.IndexStrategy;
import io.hashmatch.list.format.HashVariant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The golden snapshots of two items with variants ({@code pdq.variants}): {@code snapshots/demo-variants-v8.hmsnap},
 * rebuilt byte for byte (fixed id and creation time) and opened, and {@code demo-variants-v7.hmsnap},
 * {@code demo-variants-v6.hmsnap}, {@code demo-variants-v5.hmsnap}, {@code demo-variants-v4.hmsnap} and
 * {@code demo-variants-v3.hmsnap}, the same list written by format versions 7 (multi-index layout 5: tagged slot
 * tables with rests), 6 (layout 4: tagged slot tables), 5 (layout 3: slot tables without tags), 4 (layout 2: offset
 * tables and folds) and 3 (layout 1, without folds), opened and searched. Regenerate the newest with
 * {@code -Dhashmatch.regenerate=true} only when the format changes on purpose (then bump the version and keep the old
 * golden files).
 *
 * <p>Contents: entry 0 ({@code POSITIVE_CLASS}, source {@code hashed.jsonl}) = PDQ {@link #A} (whole image, quality
 * 100), a crop {@code [64,48,512,384]} {@link #B} (quality 90) and a rotated grid cell {@code [0,0,320,240]}
 * {@link #C} (quality 80), MD5 {@link #MD5}; entry 1 (no category) = PDQ {@link #D} of unknown quality, no variant.
 */
class GoldenVariantSnapshotTest {
    static final String GOLDEN = "engine/src/test/resources/snapshots/demo-variants-v8.hmsnap";
    static final byte[] ID = "hashmatch-items!".getBytes(StandardCharsets.US_ASCII);
    static final Instant CREATED = Instant.parse("2026-12-05T00:00:00Z");
    static final String A = "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78";
    static final String B = "ade1ad63e394caa11ca1150a5f966a94a05ebc7b6a3ec15e956288e3e2bc7f84";
    static final String C = "cce6cc66c4c8d33d1d3cb9d5a7e2fc5aa2d3d9e13dc2c6a76a0a3c77eb0ccc1a";
    static final String D = "3c".repeat(32);
    static final String MD5 = "a7fc9bc8da3585694c293572feefb757";
    static final HashVariant CROP = new HashVariant("crop", "original", 64, 48, 512, 384);
    static final HashVariant GRID = new HashVariant("grid", "rot90", 0, 0, 320, 240);

    @TempDir
    Path dir;

    static void write(Path target) throws Exception {
        SnapshotWriter w = SnapshotWriter.create("demo-variants-golden", "3", CREATED);
        int a = w.addEntry("POSITIVE_CLASS", "hashed.jsonl", false);
        w.addPdq(a, PdqHash.fromHex(A), HashVariant.WHOLE, 100);
        w.addPdq(a, PdqHash.fromHex(B), CROP, 90);
        w.addPdq(a, PdqHash.fromHex(C), GRID, 80);
        w.addMd5(a, MD5);
        int d = w.addEntry(null, "hashed.jsonl", false);
        w.addPdq(d, PdqHash.fromHex(D));
        w.write(target, ID);
    }

    @Test
    void goldenSnapshotOfVersion8IsRebuiltByteForByteAndOpens() throws Exception {
        Path golden = DemoLists.repositoryRoot().resolve(GOLDEN);
        if (Boolean.getBoolean("hashmatch.regenerate")) {
            write(golden);
        }
        Path rebuilt = dir.resolve("rebuilt.hmsnap");
        write(rebuilt);
        assertThat(Files.mismatch(golden, rebuilt))
                .as("rebuilt golden snapshot differs at byte")
                .isEqualTo(-1L);
        try (HashListSnapshot s = HashListSnapshot.open(golden)) {
            assertThat(s.formatVersion()).isEqualTo(8);
            checkContents(s);
        }
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {7, 6, 5, 4, 3})
    void goldenSnapshotOfAnOlderVersionStillOpens(int version) throws Exception {
        try (HashListSnapshot s =
                HashListSnapshot.open(DemoLists.repositoryRoot().resolve(olderGolden(version)))) {
            assertThat(s.formatVersion()).isEqualTo(version);
            checkContents(s);
        }
    }

    /** The golden file of the same list written by format {@code version}, which this build still opens. */
    static String olderGolden(int version) {
        return "engine/src/test/resources/snapshots/demo-variants-v" + version + ".hmsnap";
    }

    private static void checkContents(HashListSnapshot s) {
        for (IndexStrategy strategy : IndexStrategy.values()) { // index layouts 1 to 6 (versions 3 to 8)
            for (int r : new int[] {0, 31, 128}) {
                assertThat(s.index(strategy).search(s.pdqHash(1), r))
                        .as("%s r=%d", strategy, r)
                        .isEqualTo(s.index(IndexStrategy.BRUTE_FORCE).search(s.pdqHash(1), r));
            }
        }
        assertThat(s.entryCount()).isEqualTo(2);
        assertThat(s.pdqCount()).isEqualTo(4);
        assertThat(s.variantCount()).isEqualTo(2);
        assertThat(s.pdqHash(1).toHex()).isEqualTo(B);
        assertThat(s.pdqEntry(2)).isZero();
        assertThat(s.pdqEntry(3)).isEqualTo(1);
        assertThat(s.pdqVariant(0)).isEqualTo(HashVariant.WHOLE);
        assertThat(s.pdqVariant(1)).isEqualTo(CROP);
        assertThat(s.pdqVariant(2)).isEqualTo(GRID);
        assertThat(s.pdqVariant(3)).isEqualTo(HashVariant.WHOLE);
        assertThat(s.pdqQuality(0)).isEqualTo(100);
        assertThat(s.pdqQuality(1)).isEqualTo(90);
        assertThat(s.pdqQuality(2)).isEqualTo(80);
        assertThat(s.pdqQuality(3)).isEqualTo(-1);
        assertThat(s.findMd5(MD5)).containsExactly(0);
        assertThat(s.category(0)).isEqualTo("POSITIVE_CLASS");
    }

    @Test
    void olderGoldenFilesStillOpenAsWholeImagesOnly() throws Exception {
        Path root = DemoLists.repositoryRoot();
        try (HashListSnapshot v1 =
                HashListSnapshot.open(root.resolve("engine/src/test/resources/snapshots/demo-v1.hmsnap"))) {
            assertThat(v1.formatVersion()).isEqualTo(1);
            assertThat(v1.variantCount()).isZero();
            for (int i = 0; i < v1.pdqCount(); i++) {
                assertThat(v1.pdqVariant(i)).isEqualTo(HashVariant.WHOLE);
                assertThat(v1.pdqQuality(i)).isEqualTo(-1);
            }
        }
    }
}
