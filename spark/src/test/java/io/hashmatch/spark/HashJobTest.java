package io.hashmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.scan.MediaHasher;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * hash in local[2] over a tree of the engine's test images, a video and broken files: the rows equal what
 * {@code hashmatch hash} records for each file, PDQ equals the reference's vectors, and bad files are rows with error
 * codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HashJobTest {
    private static final Path IMAGES = Path.of("../engine/src/test/resources/pdq/images");
    private static final Path VIDEO =
            Path.of("../engine/src/test/resources/vpdq/videos/v5_cellauto_320x240_25fps_8s.mp4");
    private static final List<String> SOME_IMAGES =
            List.of("degen_grad_63x65.png", "disk__full-white-stripe.jpg", "disk__crates.png", "disk__image3.png");

    @TempDir
    static Path dir;

    private LocalSpark local;
    private Path tree;

    @BeforeAll
    void start() throws IOException {
        local = new LocalSpark();
        tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        for (String name : SOME_IMAGES) {
            Files.copy(IMAGES.resolve(name), tree.resolve(name));
        }
        Files.copy(VIDEO, tree.resolve("sub/video.mp4"));
        byte[] jpeg = Files.readAllBytes(IMAGES.resolve("disk__full-white-stripe.jpg"));
        Files.write(tree.resolve("sub/truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.write(tree.resolve("sub/empty.png"), new byte[0]);
        Files.writeString(tree.resolve("notes.txt"), "not an image");
    }

    @AfterAll
    void stop() {
        local.close();
    }

    @Test
    void rowsAreTheRecordsOfHashmatchHash() throws IOException {
        Path output = dir.resolve("hashes");
        LocalSpark.Run run = local.run("hash", "--input", tree.toString(), "--output", output.toString());
        assertThat(run.status()).as(run.err()).isZero();

        Map<String, Row> rows = new HashMap<>();
        for (Row r : local.spark.read().parquet(output.toString()).collectAsList()) {
            rows.put(Path.of(java.net.URI.create(r.getString(0))).getFileName().toString(), r);
        }
        // Spark's file listing leaves out empty files: hashmatch hash has an empty_file record for them, the job none
        assertThat(rows).hasSize(SOME_IMAGES.size() + 3).doesNotContainKey("empty.png");

        // the same records as hashmatch hash, field for field (its engine path: MediaHasher over FileHasher)
        MediaHasher cli = new MediaHasher(
                FileHasher.newBuilder().build(), true, VideoHasher.DEFAULT_SECONDS_PER_HASH, VideoLimits.DEFAULT);
        try (var files = Files.walk(tree)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.endsWith("empty.png"))
                    .toList()) {
                Row expected = HashRecords.of(f.toUri().toString(), cli.hash(f), false);
                Row actual = rows.get(f.getFileName().toString());
                for (int i = 1; i < HashRecords.SCHEMA.size(); i++) {
                    assertThat((Object) actual.get(i))
                            .as("%s: %s", f.getFileName(), HashRecords.SCHEMA.fields()[i].name())
                            .isEqualTo(expected.get(i));
                }
            }
        }
        // independent checks: the reference's PDQ vectors, the JDK's SHA-256, the typed error codes
        Map<String, String[]> vectors = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("../engine/src/test/resources/pdq/vectors.tsv"))) {
            String[] f = line.split("\t");
            vectors.put(f[0], f);
        }
        for (String name : SOME_IMAGES) {
            Row r = rows.get(name);
            assertThat((String) r.getAs("pdq")).as(name).isEqualTo(vectors.get(name)[3]);
            assertThat((int) r.getAs("quality")).as(name).isEqualTo(Integer.parseInt(vectors.get(name)[4]));
            assertThat((String) r.getAs("sha256")).isEqualTo(sha256(IMAGES.resolve(name)));
            assertThat((Object) r.getAs("error_code")).isNull();
        }
        assertThat((String) rows.get("truncated.jpg").getAs("error_code")).isEqualTo("truncated");
        assertThat((String) rows.get("truncated.jpg").getAs("md5")).hasSize(32);
        assertThat((String) rows.get("notes.txt").getAs("error_code")).isEqualTo("unsupported_format");
        assertThat((String) rows.get("video.mp4").getAs("format")).isEqualTo("mp4");
        assertThat(rows.get("video.mp4").<Object>getAs("vpdq")).isNotNull();

        Summary s = run.summary();
        assertThat(s.get("files")).isEqualTo((long) rows.size());
        assertThat(s.get("hashed")).isEqualTo((long) SOME_IMAGES.size() + 1);
        assertThat(s.get("errors").toString()).contains("truncated=1").contains("unsupported_format=1");
    }

    @Test
    void aFileOverTheLimitIsARowNotAFailedStage() {
        Path output = dir.resolve("hashes-limited");
        LocalSpark.Run run = local.run(
                "hash",
                "--input",
                tree.toString(),
                "--glob",
                "*.{png,jpg}",
                "--max-file-size",
                "1000",
                "--output",
                output.toString());
        assertThat(run.status()).as(run.err()).isZero();
        List<Row> rows = local.spark.read().parquet(output.toString()).collectAsList();
        assertThat(rows).isNotEmpty();
        for (Row r : rows) {
            long size = r.getAs("size");
            if (size > 1000) {
                assertThat((String) r.getAs("error_code")).isEqualTo("file_too_large");
                assertThat((Object) r.getAs("md5")).isNull();
            }
        }
        assertThat(rows).anyMatch(r -> "file_too_large".equals(r.getAs("error_code")));
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
