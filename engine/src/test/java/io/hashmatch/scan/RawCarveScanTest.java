package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.disk.Carver;
import io.hashmatch.list.HashListSnapshot;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --carve}: a raw file of seeded random bytes with benign pictures, a ZIP and truncated objects planted at
 * odd offsets, carved at every offset; each object is found at its exact offset and length, hashed and matched like
 * a file, the cut ones are partial, and nothing else is reported. The seed is in every assertion's description
 * ({@code -Dhashmatch.seed=N} repeats a run).
 */
class RawCarveScanTest {
    private static final long SEED = Long.getLong("hashmatch.seed", 20261206L);

    static HashListSnapshot snapshot;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() throws Exception {
        snapshot = HashListSnapshot.open(ScanTree.SNAPSHOT);
    }

    @AfterAll
    static void close() {
        snapshot.close();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static byte[] encode(String format, String image) throws Exception {
        BufferedImage src = ImageIO.read(new ByteArrayInputStream(ScanTree.image(image)));
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(src, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(rgb, format, out)).isTrue();
        return out.toByteArray();
    }

    static byte[] zip(String name, byte[] content) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) { // deflated: sizes in a data descriptor after the data
            z.putNextEntry(new ZipEntry(name));
            z.write(content);
            z.closeEntry();
        }
        return b.toByteArray();
    }

    /** The longest prefix of {@code jpeg} up to {@code n} bytes whose last byte is neither 0x00 nor 0xff. */
    static byte[] cutJpeg(byte[] jpeg, int n) {
        while (jpeg[n - 1] == 0 || jpeg[n - 1] == (byte) 0xff) {
            n--;
        }
        return Arrays.copyOf(jpeg, n);
    }

    /** One planted object: its bytes, where, and the error its record must have (a cut one's), or null. */
    record Planted(
            String name,
            byte[] bytes,
            long offset,
            @Nullable String error) {
        String entry() {
            return String.format(Locale.ROOT, "carved@0x%x+%d", offset, bytes.length);
        }
    }

    static Carver.Source source(byte[] raw) {
        return (offset, b, off, len) -> {
            if (offset >= raw.length) {
                return -1;
            }
            int n = (int) Math.min(len, raw.length - offset);
            System.arraycopy(raw, (int) offset, b, off, n);
            return n;
        };
    }

    @Test
    void eachPlantedObjectIsCarvedAtItsOffsetHashedAndMatched() throws Exception {
        Random random = new Random(SEED);
        byte[] raw = new byte[3 << 20];
        random.nextBytes(raw);
        byte[] cut = cutJpeg(ScanTree.image("photolike_06_800x600.jpg"), 15_000);
        byte[] text = ScanTree.image("syn_text_256x256.png");
        byte[] pngHalf = Arrays.copyOf(text, text.length / 2);
        List<Planted> planted = List.of(
                new Planted("shapes (PDQ hit)", ScanTree.image("syn_shapes_320x240.png"), 1001, null),
                new Planted("photo", ScanTree.image("photolike_00_640x480.jpg"), 200_003, null),
                new Planted("noise (MD5 hit)", ScanTree.image("syn_noise_64x48.png"), 700_017, null),
                new Planted("gif (PDQ hit)", encode("gif", "syn_rings_127x255.png"), 900_001, null),
                new Planted("bmp", encode("bmp", "syn_grad_32x32.png"), 1_000_003, null),
                new Planted("zip", zip("grad.png", ScanTree.image("syn_grad_32x32.png")), 1_200_007, null),
                // a JPEG cut off, then free (zeroed) space: partial, exactly the bytes that remain
                new Planted("cut jpeg", cut, 1_500_011, "truncated"),
                // a PNG cut off by the end of the file
                new Planted("cut png", pngHalf, raw.length - pngHalf.length, "truncated"));
        for (Planted p : planted) {
            System.arraycopy(p.bytes(), 0, raw, (int) p.offset(), p.bytes().length);
        }
        Arrays.fill(raw, 1_500_011 + cut.length, 1_500_011 + cut.length + 8192, (byte) 0);
        // the carver itself: each object's extent, and partial for the cut ones
        List<Carver.Found> objects = new ArrayList<>();
        Carver.anyOffset().carve(RawCarveScanTest.source(raw), 0, raw.length, objects::add);
        assertThat(objects.stream().map(f -> f.offset() + "+" + f.length() + " " + f.partial()))
                .as("seed " + SEED)
                .containsExactlyElementsOf(planted.stream()
                        .map(p -> p.offset() + "+" + p.bytes().length + " " + (p.error() != null))
                        .toList());
        Path dump = tmp.resolve("evidence/memory.dmp");
        Files.createDirectories(dump.getParent());
        Files.write(dump, raw);

        List<ScannedFile> records = Scanner.newBuilder()
                .hasher(ScanTree.hasher())
                .matcher(ScanTree.matcher(snapshot), "demo")
                .journal(tmp.resolve("journal.jsonl"))
                .threads(2)
                .carve(true)
                .build()
                .run(List.of(dump))
                .records();
        String seed = "seed " + SEED;
        ScannedFile own = records.get(0);
        assertThat(own.path()).isEqualTo(dump.toString());
        assertThat(own.entry()).isNull();
        assertThat(own.kind()).isEqualTo(MediaKind.OTHER);
        assertThat(own.sha256()).isEqualTo(sha256(raw));
        assertThat(own.error()).isNull();

        List<String> carved = new ArrayList<>();
        for (ScannedFile f : records) {
            if (f.entry() != null && f.entry().matches("carved@0x[0-9a-f]+\\+[0-9]+")) {
                carved.add(f.entry());
                assertThat(f.origin()).as(f.entry()).isNotNull();
                assertThat(f.origin().allocation()).isEqualTo(DiskOrigin.Allocation.CARVED);
                assertThat(f.origin().partition()).isNull();
            }
        }
        assertThat(carved)
                .as(seed)
                .containsExactlyElementsOf(planted.stream().map(Planted::entry).toList());

        for (Planted p : planted) {
            ScannedFile f = DiskImageScanTest.entry(records, p.entry());
            assertThat(f.origin().offset()).as(p.name()).isEqualTo(p.offset());
            assertThat(f.sha256()).as(p.name()).isEqualTo(sha256(p.bytes()));
            // a cut object's record has the decoder's own error when it has one, else carved_partial
            assertThat(f.error()).as(p.name() + ": " + f.errorMessage()).isEqualTo(p.error());
        }
        ScannedFile shapes = DiskImageScanTest.entry(records, planted.get(0).entry());
        assertThat(shapes.pdq()).isNotNull();
        assertThat(shapes.matched()).isTrue();
        assertThat(DiskImageScanTest.entry(records, planted.get(2).entry()).matched())
                .isTrue();
        assertThat(DiskImageScanTest.entry(records, planted.get(1).entry()).pdq())
                .isNotNull();
        assertThat(DiskImageScanTest.entry(records, planted.get(3).entry()).format())
                .isEqualTo("gif");
        assertThat(DiskImageScanTest.entry(records, planted.get(4).entry()).format())
                .isEqualTo("bmp");
        // the carved ZIP is opened like any archive: its entry follows it, named inside the carved object
        ScannedFile grad = DiskImageScanTest.entry(records, planted.get(5).entry() + "!/grad.png");
        assertThat(grad.sha256()).isEqualTo(sha256(ScanTree.image("syn_grad_32x32.png")));
        // and it is carved too (in VICS: Deleted), without an offset of its own: its bytes are compressed in the ZIP's
        assertThat(grad.origin()).isEqualTo(DiskOrigin.carved(null, -1));
        assertThat(ScannedFile.fromJson(grad.toJson(0, false))).isEqualTo(grad);
        assertThat(records.stream().filter(ScannedFile::matched).map(ScannedFile::entry))
                .as(seed)
                .containsExactly(
                        planted.get(0).entry(),
                        planted.get(2).entry(),
                        planted.get(3).entry()); // rings: PDQ
        // the journal keeps carved records as they are
        ScannedFile first = DiskImageScanTest.entry(records, planted.get(6).entry());
        assertThat(ScannedFile.fromJson(first.toJson(0, false))).isEqualTo(first);
    }

    /**
     * A carved object over the in-memory limit is read as a file in a disk image or an archive entry over it is: not
     * decoded, its exact hashes (and their hits) from every byte, its kind from its head, and why in its record.
     */
    @Test
    void anObjectOverTheInMemoryLimitKeepsItsExactHashesHitsAndKind() throws Exception {
        byte[] noise = ScanTree.image("syn_noise_64x48.png"); // MD5-listed
        int limit = 2000;
        assertThat(noise.length).isGreaterThan(limit);
        byte[] raw = new byte[noise.length + 8192];
        new Random(SEED).nextBytes(raw);
        System.arraycopy(noise, 0, raw, 4096, noise.length);
        MediaHasher media = new MediaHasher(
                ScanTree.hasher(),
                false,
                io.hashmatch.video.VideoHasher.DEFAULT_SECONDS_PER_HASH,
                io.hashmatch.video.VideoLimits.DEFAULT);
        FileScan files = new FileScan(
                media,
                ScanTree.matcher(snapshot),
                null,
                ArchiveLimits.defaults(),
                null,
                io.hashmatch.video.VideoHasher.DEFAULT_SECONDS_PER_HASH,
                io.hashmatch.video.VideoMatcher.DEFAULT,
                limit,
                new ThreadBudget(1));
        List<ScannedFile> out = new ArrayList<>();
        new DiskImageScan(files, new ThreadBudget(1))
                .scanCarved(
                        "memory.dmp",
                        "carved",
                        null,
                        new Carver.Found(4096, noise.length, "png", false),
                        source(raw),
                        out);
        assertThat(out).hasSize(1);
        ScannedFile f = out.get(0);
        assertThat(f.entry()).isEqualTo("carved@0x1000+" + noise.length);
        assertThat(f.kind()).isEqualTo(MediaKind.IMAGE);
        assertThat(f.pdq()).isNull();
        assertThat(f.sha256()).isEqualTo(sha256(noise));
        assertThat(f.matched()).isTrue();
        assertThat(f.error()).isEqualTo("file_too_large");
        assertThat(f.errorMessage())
                .isEqualTo("image of " + noise.length + " bytes is over the in-memory limit of " + limit
                        + " bytes (a quarter of the heap, -Xmx, per scanning thread): exact hashes only");
        assertThat(f.origin()).isEqualTo(DiskOrigin.carved(null, 4096));
    }
}
