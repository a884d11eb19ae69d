package io.hashmatch.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** The carver over seeded random bytes with benign pictures and a ZIP planted at known offsets. */
class CarverTest {
    private static final Path IMAGES = Path.of("src/test/resources/pdq/images");
    private static final long SEED = 20261206L;

    static byte[] zip() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry("a.txt"));
            z.write("benign".getBytes());
            z.closeEntry();
        }
        return b.toByteArray();
    }

    static byte[] riff(String form, int payload) {
        byte[] b = new byte[12 + payload];
        System.arraycopy("RIFF".getBytes(), 0, b, 0, 4);
        int size = 4 + payload;
        b[4] = (byte) size;
        b[5] = (byte) (size >> 8);
        System.arraycopy(form.getBytes(), 0, b, 8, 4);
        return b;
    }

    @Test
    void findsEachPlantedObjectAtItsOffsetAndNothingElse() throws Exception {
        Random random = new Random(SEED);
        byte[] raw = new byte[4 << 20];
        random.nextBytes(raw);
        List<byte[]> objects = List.of(
                Files.readAllBytes(IMAGES.resolve("photolike_00_640x480.jpg")),
                Files.readAllBytes(IMAGES.resolve("syn_text_256x256.png")),
                zip(),
                riff("WEBP", 100));
        List<String> formats = List.of("jpeg", "png", "zip", "webp");
        long[] offsets = {512 * 7, 512 * 1000, 512 * 3000, 512 * 5000};
        for (int i = 0; i < objects.size(); i++) {
            System.arraycopy(objects.get(i), 0, raw, (int) offsets[i], objects.get(i).length);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            expected.add(formats.get(i) + "@" + offsets[i] + "+" + objects.get(i).length + " false");
        }
        for (boolean aligned : new boolean[] {true, false}) {
            Carver carver = aligned ? Carver.sectorAligned() : Carver.anyOffset();
            List<String> found = new ArrayList<>();
            carver.carve(
                    (offset, b, off, len) -> {
                        if (offset >= raw.length) {
                            return -1;
                        }
                        int n = (int) Math.min(len, raw.length - offset);
                        System.arraycopy(raw, (int) offset, b, off, n);
                        return n;
                    },
                    0,
                    raw.length,
                    f -> found.add(f.format() + "@" + f.offset() + "+" + f.length() + " " + f.partial()));
            if (aligned || found.size() == expected.size()) {
                assertThat(found).as("seed " + SEED).containsExactlyElementsOf(expected);
            } else {
                // at any offset, random bytes may start a short false object; each planted one must be exact
                assertThat(found).as("seed " + SEED).containsAll(expected);
            }
        }
    }

    @Test
    void aJpegCutBeforeItsEndIsPartial() throws Exception {
        byte[] jpeg = Files.readAllBytes(IMAGES.resolve("photolike_00_640x480.jpg"));
        byte[] raw = new byte[4096 + jpeg.length / 2];
        System.arraycopy(jpeg, 0, raw, 4096, jpeg.length / 2);
        List<Carver.Found> found = new ArrayList<>();
        Carver.sectorAligned()
                .carve(
                        (offset, b, off, len) -> {
                            int n = (int) Math.min(len, raw.length - offset);
                            if (n <= 0) {
                                return -1;
                            }
                            System.arraycopy(raw, (int) offset, b, off, n);
                            return n;
                        },
                        0,
                        raw.length,
                        found::add);
        assertThat(found).containsExactly(new Carver.Found(4096, jpeg.length / 2, "jpeg", true));
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

    static List<Carver.Found> carve(Carver carver, byte[] raw) throws Exception {
        List<Carver.Found> found = new ArrayList<>();
        carver.carve(source(raw), 0, raw.length, found::add);
        return found;
    }

    /** A TIFF written by the JDK's writer in the given byte order, in strips or 16x16 tiles, {@code pages} pages. */
    static byte[] tiff(boolean little, boolean tiles, int pages) throws Exception {
        BufferedImage src = ImageIO.read(IMAGES.resolve("syn_noise_64x48.png").toFile());
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(src, 0, 0, null);
        ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ImageOutputStream o = ImageIO.createImageOutputStream(b)) {
            w.setOutput(o);
            ImageWriteParam param = w.getDefaultWriteParam();
            if (tiles) {
                param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
                param.setTiling(16, 16, 0, 0);
            }
            IIOMetadata stream = w.getDefaultStreamMetadata(param);
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_tiff_stream_1.0");
            IIOMetadataNode order = new IIOMetadataNode("ByteOrder");
            order.setAttribute("value", little ? "LITTLE_ENDIAN" : "BIG_ENDIAN");
            root.appendChild(order);
            stream.setFromTree("javax_imageio_tiff_stream_1.0", root);
            w.prepareWriteSequence(stream);
            for (int i = 0; i < pages; i++) {
                w.writeToSequence(new IIOImage(rgb, null, null), param);
            }
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
        byte[] t = b.toByteArray();
        assertThat(new String(t, 0, 2)).isEqualTo(little ? "II" : "MM");
        assertThat(ImageIO.read(new ByteArrayInputStream(t))).isNotNull();
        return t;
    }

    @Test
    void tiffsInBothByteOrdersStripsTilesAndPagesAreCarvedToTheirLastByte() throws Exception {
        Random random = new Random(SEED);
        byte[] raw = new byte[1 << 20];
        random.nextBytes(raw);
        List<byte[]> tiffs =
                List.of(tiff(true, false, 1), tiff(false, false, 1), tiff(true, true, 1), tiff(false, true, 2));
        long[] offsets = {1003, 100_001, 300_007, 500_009};
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < tiffs.size(); i++) {
            System.arraycopy(tiffs.get(i), 0, raw, (int) offsets[i], tiffs.get(i).length);
            expected.add("tiff@" + offsets[i] + "+" + tiffs.get(i).length + " false");
        }
        // a TIFF cut in its pixel data: its IFD (first in the JDK's files) says how far it went
        byte[] cut = tiff(true, false, 1);
        int keep = cut.length / 2;
        int cutAt = raw.length - keep;
        System.arraycopy(cut, 0, raw, cutAt, keep);
        expected.add("tiff@" + cutAt + "+" + keep + " true");
        assertThat(carve(Carver.anyOffset(), raw).stream()
                        .map(f -> f.format() + "@" + f.offset() + "+" + f.length() + " " + f.partial()))
                .as("seed " + SEED)
                .containsExactlyElementsOf(expected);
    }

    /** A stored (uncompressed) ZIP holding {@code content}: the content's bytes appear as they are inside it. */
    static byte[] storedZip(String name, byte[] content) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            ZipEntry e = new ZipEntry(name);
            e.setMethod(ZipEntry.STORED);
            e.setSize(content.length);
            e.setCompressedSize(content.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(content);
            e.setCrc(crc.getValue());
            z.putNextEntry(e);
            z.write(content);
            z.closeEntry();
        }
        return b.toByteArray();
    }

    @Test
    void parallelSegmentsReportExactlyWhatOneSequentialPassReports() throws Exception {
        long seed = Long.getLong("hashmatch.seed", System.nanoTime());
        Random random = new Random(seed);
        int segment = 16 << 10;
        byte[] raw = new byte[4 << 20];
        random.nextBytes(raw);
        byte[] jpeg = Files.readAllBytes(IMAGES.resolve("photolike_06_800x600.jpg")); // spans segments
        byte[] png = Files.readAllBytes(IMAGES.resolve("syn_text_256x256.png"));
        byte[] zipped = storedZip("inner.jpg", jpeg); // a JPEG inside: reported once, as the ZIP
        List<byte[]> kinds = List.of(jpeg, png, zipped, riff("WEBP", 3000));
        List<String> planted = new ArrayList<>();
        int pos = 4096;
        while (pos < raw.length - 100_000) {
            byte[] o = kinds.get(random.nextInt(kinds.size()));
            // start just before a segment boundary half of the time, so that the object crosses it
            int start = random.nextBoolean()
                    ? (pos / segment + 1) * segment - 1 - random.nextInt(64)
                    : pos + random.nextInt(segment);
            start = start / 512 * 512; // sector-aligned, so that both carvers find every object
            if (start < pos) {
                start += 512;
            }
            System.arraycopy(o, 0, raw, start, o.length);
            planted.add(start + "+" + o.length);
            pos = start + o.length + random.nextInt(3 * segment);
        }
        for (boolean aligned : new boolean[] {true, false}) {
            Carver carver = aligned ? Carver.sectorAligned() : Carver.anyOffset();
            List<Carver.Found> sequential = carve(carver, raw);
            List<Carver.Found> parallel = carve(carver.threads(2).segment(segment), raw);
            assertThat(parallel).as("seed " + seed).containsExactlyElementsOf(sequential);
            List<String> found =
                    sequential.stream().map(f -> f.offset() + "+" + f.length()).toList();
            assertThat(found).as("seed " + seed).containsAll(planted);
            if (aligned) {
                assertThat(found).as("seed " + seed).containsExactlyElementsOf(planted);
            }
        }
    }

    /** An MP4 of an {@code ftyp} box and an {@code mdat} box of {@code payload} bytes. */
    static byte[] mp4(int payload) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + 8 + payload);
        b.putInt(24).put("ftypisom".getBytes()).putInt(0x200).put("isomiso2".getBytes());
        b.putInt(8 + payload).put("mdat".getBytes());
        return b.array();
    }

    /** A WebM: the EBML header element (1-byte size) and a Segment element of {@code payload} bytes. */
    static byte[] webm(int payload) {
        byte[] header = {0x42, (byte) 0x86, (byte) 0x81, 0x01}; // EBMLVersion 1
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(5 + header.length + 4 + 2 + payload);
        b.putInt(0x1a45dfa3).put((byte) (0x80 | header.length)).put(header);
        b.putInt(0x18538067).put((byte) (0x40 | payload >> 8)).put((byte) payload);
        return b.array();
    }

    /**
     * Background bytes that often look like a start: a quarter zeros, a quarter the bytes of the signatures and of
     * {@code ftyp}, the rest random.
     */
    private static void lookalikeBytes(Random random, byte[] raw) {
        byte[] near = {
            0,
            (byte) 0xff,
            (byte) 0xd8,
            (byte) 0x89,
            'P',
            'N',
            'G',
            'I',
            'F',
            'B',
            'M',
            'R',
            'K',
            0x1a,
            0x45,
            (byte) 0xdf,
            (byte) 0xa3,
            'f',
            't',
            'y',
            'p',
            3,
            4,
            '*'
        };
        for (int i = 0; i < raw.length; i++) {
            int r = random.nextInt(4);
            raw[i] = r == 0 ? 0 : r == 1 ? near[random.nextInt(near.length)] : (byte) random.nextInt(256);
        }
    }

    @Test
    void theWordSearchPassesEveryOffsetThePairTableDoesButZerosWithoutMp4sY() {
        long seed = Long.getLong("hashmatch.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 3000; round++) {
            byte[] b = new byte[random.nextInt(600)];
            lookalikeBytes(random, b);
            int n = b.length;
            int from = n == 0 ? 0 : random.nextInt(n);
            List<Integer> pairs = new ArrayList<>();
            for (int i = from; i < n; i = StartSearch.PAIRS.next(b, i + 1, n)) {
                i = StartSearch.PAIRS.next(b, i, n);
                if (i < n) {
                    pairs.add(i);
                }
            }
            List<Integer> words = new ArrayList<>();
            for (int i = StartSearch.WORDS.next(b, from, n); i < n; i = StartSearch.WORDS.next(b, i + 1, n)) {
                words.add(i);
            }
            // the word search also drops a 0x00 whose MP4 y is missing, where the y is inside the chunk
            List<Integer> expected = new ArrayList<>(pairs);
            for (int p : pairs) {
                if (b[p] == 0 && p + 6 < n && b[p + 6] != 'y') {
                    expected.remove(Integer.valueOf(p));
                }
            }
            String as = "seed " + seed + " round " + round;
            assertThat(pairs).as(as).containsAll(words);
            assertThat(words).as(as).containsAll(expected).isSorted();
        }
    }

    /** Every signature's first bytes (MP4: a box size, then {@code ftyp}), planted by the search tests. */
    private static final byte[][] SIGNATURES = {
        {(byte) 0xff, (byte) 0xd8, (byte) 0xff},
        {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
        {'G', 'I', 'F', '8', '9', 'a'},
        {'B', 'M'},
        {'R', 'I', 'F', 'F'},
        {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3},
        {'P', 'K', 3, 4},
        {'I', 'I', '*', 0},
        {'M', 'M', 0, '*'},
        {0, 0, 0, 0x18, 'f', 't', 'y', 'p'}
    };

    @Test
    void theVectorAndWordSearchesReturnExactlyTheOffsetsOfTheScalarCheck() {
        // the tests run with jdk.incubator.vector (hashmatch.jvm.flags), as ./hashmatch does: the carver uses vectors
        // once the JIT has compiled their loop
        assertThat(StartSearch.fastest()).isEqualTo(StartSearch.WORDS_THEN_VECTORS);
        long seed = Long.getLong("hashmatch.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 4000; round++) {
            // lengths around the vector blocks (64 + 6 bytes read per block) and the words (8 + 6)
            byte[] b = new byte[round % 4 == 0 ? random.nextInt(4096) : random.nextInt(300)];
            if (round % 3 == 0) {
                random.nextBytes(b);
            } else {
                lookalikeBytes(random, b);
            }
            int n = b.length;
            // every signature, at random offsets and in the last 80 bytes (where the blocks give way to offsets)
            for (byte[] sig : SIGNATURES) {
                for (int k = 0; k < 2 && n > 0; k++) {
                    int at = k == 0 ? random.nextInt(n) : Math.max(0, n - 1 - random.nextInt(80));
                    System.arraycopy(sig, 0, b, at, Math.min(sig.length, n - at));
                }
            }
            int from = n == 0 ? 0 : random.nextInt(Math.min(n, 128));
            List<Integer> expected = new ArrayList<>();
            for (int i = from; i < n; i++) {
                if (StartSearch.passes(b, i, n)) {
                    expected.add(i);
                }
            }
            String as = "seed " + seed + " round " + round + " length " + n + " from " + from;
            for (StartSearch search : List.of(StartSearch.VECTORS, StartSearch.WORDS, StartSearch.WORDS_THEN_VECTORS)) {
                List<Integer> offsets = new ArrayList<>();
                for (int i = search.next(b, from, n); i < n; i = search.next(b, i + 1, n)) {
                    offsets.add(i);
                }
                assertThat(offsets).as(as + " " + search).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void theSearchThatSwitchesToVectorsCarvesExactlyWhatThePairTableCarvesBeforeAndAfterTheSwitch() throws Exception {
        long seed = Long.getLong("hashmatch.seed", System.nanoTime());
        Random random = new Random(seed);
        int segment = 64 << 10;
        byte[] raw = new byte[1 << 20];
        lookalikeBytes(random, raw);
        List<byte[]> kinds =
                List.of(Files.readAllBytes(IMAGES.resolve("syn_text_256x256.png")), zip(), riff("WEBP", 300), mp4(500));
        for (int pos = random.nextInt(4096); pos < raw.length - 20_000; pos += 10_000 + random.nextInt(segment)) {
            byte[] o = kinds.get(random.nextInt(kinds.size()));
            System.arraycopy(o, 0, raw, pos, o.length);
        }
        Carver any = Carver.anyOffset().segment(segment); // starts the vector loop's warm-up, if not yet started
        List<Carver.Found> oracle = carve(any.search(StartSearch.PAIRS), raw);
        // carve until the switch has happened (it may happen midway through a carve) and once more after it; a JVM
        // whose JIT is slow to compile the loop leaves this at the rounds' bound, every round still checked
        boolean after = false;
        for (int round = 0; round < 300 && !after; round++) {
            after = VectorStartSearch.compiled();
            assertThat(carve(any.search(StartSearch.WORDS_THEN_VECTORS).threads(2), raw))
                    .as("seed " + seed + " round " + round + (after ? ", vectors compiled" : ""))
                    .containsExactlyElementsOf(oracle);
        }
    }

    @Test
    void theVectorAndWordSearchesCarveExactlyWhatThePairTableCarvesAcrossChunksAndSegments() throws Exception {
        long seed = Long.getLong("hashmatch.seed", System.nanoTime());
        Random random = new Random(seed);
        int segment = 16 << 10; // also the chunk: the pass reads min(4 MiB, segment) at a time
        byte[] jpeg = Files.readAllBytes(IMAGES.resolve("photolike_00_640x480.jpg"));
        byte[] png = Files.readAllBytes(IMAGES.resolve("syn_text_256x256.png"));
        List<byte[]> kinds = List.of(
                jpeg,
                png,
                zip(),
                riff("WEBP", 300),
                riff("AVI ", 40),
                mp4(500),
                webm(200),
                tiff(true, false, 1),
                tiff(false, false, 1),
                storedZip("inner.jpg", jpeg));
        for (int image = 0; image < 4; image++) {
            byte[] raw = new byte[(1 << 20) + random.nextInt(segment)];
            if (image % 2 == 0) {
                random.nextBytes(raw);
            } else {
                lookalikeBytes(random, raw);
            }
            List<String> planted = new ArrayList<>();
            int pos = random.nextInt(64);
            while (true) {
                byte[] o = kinds.get(random.nextInt(kinds.size()));
                // a third just before a chunk boundary (the searches' last 14 or 70 bytes), a third across one
                int boundary = (pos / segment + 1) * segment;
                int start =
                        switch (random.nextInt(3)) {
                            case 0 -> boundary - 1 - random.nextInt(80);
                            case 1 -> boundary - random.nextInt(Math.min(o.length, 4096));
                            default -> pos + random.nextInt(segment);
                        };
                start = Math.max(start, pos);
                if (start + o.length > raw.length) {
                    break;
                }
                System.arraycopy(o, 0, raw, start, o.length);
                planted.add(start + "+" + o.length);
                pos = start + o.length + random.nextInt(segment / 4);
            }
            String as = "seed " + seed + " image " + image;
            Carver any = Carver.anyOffset().segment(segment);
            List<Carver.Found> oracle = carve(any.search(StartSearch.PAIRS), raw);
            assertThat(carve(any, raw)).as(as).containsExactlyElementsOf(oracle);
            assertThat(carve(any.search(StartSearch.WORDS), raw)).as(as).containsExactlyElementsOf(oracle);
            assertThat(carve(any.threads(2), raw)).as(as).containsExactlyElementsOf(oracle);
            assertThat(carve(any.threads(3).segment(4 * segment), raw)).as(as).containsExactlyElementsOf(oracle);
            Carver aligned = Carver.sectorAligned().segment(segment);
            assertThat(carve(aligned.threads(2), raw))
                    .as(as)
                    .containsExactlyElementsOf(carve(aligned.search(StartSearch.PAIRS), raw));
            assertThat(oracle.stream().map(f -> f.offset() + "+" + f.length()))
                    .as(as)
                    .containsAll(planted);
        }
    }
}
