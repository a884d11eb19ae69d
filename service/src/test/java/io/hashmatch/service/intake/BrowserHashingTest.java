package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.service.console.BrowserScript;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The intake page's in-browser hashing, {@code report/hash.mjs}, in headless Debian Chromium (driven by
 * {@code src/test/e2e/hash-module.e2e.mjs}), checked against two oracles: Meta's reference vectors and the engine's
 * own hashes of the same files (and {@link MessageDigest} for MD5 and SHA-256).
 *
 * <p>Images: every one of the engine's PDQ test subset ({@code engine/src/test/resources/pdq}), plus two generated
 * ones whose EXIF orientation the browser must ignore as the engine does; with {@code -Dhashmatch.pdq.shared=true}
 * also the whole shared corpus ({@code shared/pdq} beside the project: 381 images up to 7000 pixels wide, several
 * minutes more). Lossless 8-bit images must hash exactly as the reference and the engine;
 * JPEGs, decoded by the browser's libjpeg-turbo rather than the engine's OpenCV, are held to {@link #JPEG_BOUND}.
 *
 * <p>Fails, never skips, when Chromium, node or the script's node_modules are missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserHashingTest {
    static final Path E2E = Path.of("src", "test", "e2e");
    static final Path MODULE_DIR = Path.of("src", "main", "resources", "report");
    static final Path SUBSET = Path.of("..", "engine", "src", "test", "resources", "pdq");
    static final String SHARED_PROPERTY = "hashmatch.pdq.shared";
    static final Duration RUN_LIMIT = Duration.ofMinutes(Boolean.getBoolean(SHARED_PROPERTY) ? 20 : 5);

    /**
     * Largest PDQ distance allowed between the browser's hash of a JPEG and the engine's or the reference's. Chromium,
     * OpenCV and the reference's ImageMagick all decode JPEG with libjpeg-turbo: on the 276 JPEGs measured (subset and
     * shared corpus) every distance was 0, except the CMYK one, 2 from the engine (whose CMYK conversion differs) and
     * 0 from the reference. A grey level here and there moves a few bits, so 10 (PDQ's README: another decoder stays
     * within 10 of the reference for quality >= 80) leaves room for another decoder version and stays far below the
     * matching threshold of 31.
     */
    static final int JPEG_BOUND = 10;

    static final long SEED = 20261206L;

    final JsonMapper json = JsonMapper.createDefault();
    final List<Image> images = new ArrayList<>();
    final List<Path> files = new ArrayList<>();
    Map<String, Object> results = Map.of();

    /** One image and what is known about it: the reference row when it has one, and the engine's hashes. */
    record Image(Path path, String name, String info, boolean lossless8, String referencePdq, int referenceQuality) {}

    @BeforeAll
    void hashEverythingInChromium() throws Exception {
        BrowserScript.requireTools();
        Path work = Files.createDirectories(Path.of("target", "e2e-hash")).toAbsolutePath();
        readVectors(SUBSET);
        if (Boolean.getBoolean(SHARED_PROPERTY)) {
            readVectors(sharedCorpus()
                    .orElseThrow(() -> new IllegalStateException(
                            SHARED_PROPERTY + " is set but shared/pdq is not beside the project")));
        }
        Path photo = SUBSET.resolve("images").resolve("photolike_00_640x480.jpg");
        Path icon = SUBSET.resolve("images").resolve("disk__printer.png");
        images.add(generated(work.resolve("rotated-6.jpg"), withJpegOrientation(Files.readAllBytes(photo), 6)));
        images.add(generated(work.resolve("rotated-8.png"), withPngOrientation(Files.readAllBytes(icon), 8)));

        Path multiChunk = work.resolve("multi-chunk.bin");
        byte[] random = new byte[9 * 1024 * 1024 + 17]; // more than two 4 MiB chunks, not a multiple of 64
        new Random(SEED).nextBytes(random);
        Files.write(multiChunk, random);
        Path empty = work.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        files.addAll(List.of(multiChunk, empty, photo));

        Path imageList = work.resolve("images.txt");
        Files.write(
                imageList,
                images.stream().map(i -> i.path().toAbsolutePath().toString()).toList());
        Path fileList = work.resolve("files.txt");
        Files.write(
                fileList, files.stream().map(f -> f.toAbsolutePath().toString()).toList());
        Path resultsFile = work.resolve("results.json");
        Path output = work.resolve("node-output.txt");
        Files.deleteIfExists(resultsFile);

        ProcessBuilder pb = new ProcessBuilder("node", "hash-module.e2e.mjs")
                .directory(E2E.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.put("MODULE_DIR", MODULE_DIR.toAbsolutePath().toString());
        env.put("IMAGE_LIST", imageList.toString());
        env.put("FILE_LIST", fileList.toString());
        env.put("PLAIN_EVERY", "5");
        env.put("RESULTS_FILE", resultsFile.toString());
        env.put("CHROMIUM", BrowserScript.CHROMIUM.toString());
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process node = pb.start();
        if (!node.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            node.destroyForcibly().waitFor();
            fail("the browser run took more than " + RUN_LIMIT + ": " + Files.readString(output));
        }
        String log = Files.readString(output);
        assertThat(resultsFile)
                .as("results of the browser run; its output:\n%s", log)
                .exists();
        results = json.readValue(Files.readString(resultsFile), Argument.mapOf(String.class, Object.class));
        assertThat(results.get("error")).as(log).isNull();
        assertThat(node.exitValue()).as(log).isZero();
    }

    @Test
    void everyLosslessImageHashesExactlyAsTheReferenceAndTheEngine() throws IOException {
        List<Map<String, Object>> shown = section("secure", "images");
        assertThat(shown).hasSize(images.size());
        int lossless = 0;
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            Map<String, Object> js = shown.get(i);
            if (!image.lossless8()) {
                continue;
            }
            lossless++;
            assertThat(js.get("error")).as(image.name()).isNull();
            FileHashes engine = engine(image.path());
            assertThat(js.get("pdq"))
                    .as("%s (%s): reference", image.name(), image.info())
                    .isEqualTo(image.referencePdq());
            assertThat(js.get("quality"))
                    .as("%s: reference quality", image.name())
                    .isEqualTo(image.referenceQuality());
            assertThat(js.get("pdq"))
                    .as("%s: engine", image.name())
                    .isEqualTo(engine.pdq().hash().toHex());
            assertThat(js.get("quality"))
                    .as("%s: engine quality", image.name())
                    .isEqualTo(engine.pdq().quality());
            assertThat(List.of(js.get("width"), js.get("height")))
                    .as("%s: size", image.name())
                    .isEqualTo(List.of(engine.width(), engine.height()));
        }
        assertThat(lossless).as("lossless images checked").isGreaterThanOrEqualTo(118);
    }

    @Test
    void jpegsStayWithinAFewBitsOfTheEngineAndTheReference() throws IOException {
        List<Map<String, Object>> shown = section("secure", "images");
        StringBuilder table =
                new StringBuilder("JPEG distances, browser vs engine / vs reference (quality js/engine):\n");
        int jpegs = 0;
        int worst = 0;
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            if (!image.info().startsWith("JPEG")) {
                continue;
            }
            jpegs++;
            Map<String, Object> js = shown.get(i);
            assertThat(js.get("error")).as(image.name()).isNull();
            FileHashes engine = engine(image.path());
            PdqHash hash = PdqHash.fromHex((String) js.get("pdq"));
            int toEngine = hash.distance(engine.pdq().hash());
            int toReference = hash.distance(PdqHash.fromHex(image.referencePdq()));
            table.append(String.format(
                    "  %-55s %-16s %3d / %3d  (q %s/%d)%n",
                    image.name(),
                    image.info(),
                    toEngine,
                    toReference,
                    js.get("quality"),
                    engine.pdq().quality()));
            worst = Math.max(worst, Math.max(toEngine, toReference));
        }
        System.out.print(table);
        System.out.println("JPEGs: " + jpegs + ", largest distance: " + worst);
        assertThat(jpegs).isGreaterThanOrEqualTo(99);
        assertThat(worst).as(table.toString()).isLessThanOrEqualTo(JPEG_BOUND);
    }

    @Test
    void otherImagesHashAsTheEngineDoes() throws IOException {
        // lossy-to-the-reference PNGs: 16-bit (the engine keeps the high byte, as the browser does), bilevel,
        // degenerate; the engine is the oracle here, the reference narrows some of them differently
        List<Map<String, Object>> shown = section("secure", "images");
        int checked = 0;
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            if (image.lossless8() || image.info().startsWith("JPEG")) {
                continue;
            }
            checked++;
            Map<String, Object> js = shown.get(i);
            FileHashes engine = engine(image.path());
            assertThat(js.get("error")).as(image.name()).isNull();
            assertThat(List.of(js.get("pdq"), js.get("quality"), js.get("width"), js.get("height")))
                    .as("%s (%s)", image.name(), image.info())
                    .isEqualTo(List.of(
                            engine.pdq().hash().toHex(), engine.pdq().quality(), engine.width(), engine.height()));
        }
        assertThat(checked).isGreaterThanOrEqualTo(9);
    }

    @Test
    void exifOrientationIsIgnoredAsTheEngineIgnoresIt() throws IOException {
        List<Map<String, Object>> shown = section("secure", "images");
        for (int k = 1; k <= 2; k++) {
            int i = images.size() - k;
            Image image = images.get(i);
            Map<String, Object> js = shown.get(i);
            FileHashes engine = engine(image.path());
            assertThat(List.of(js.get("pdq"), js.get("width"), js.get("height")))
                    .as(image.name())
                    .isEqualTo(List.of(engine.pdq().hash().toHex(), engine.width(), engine.height()));
        }
        assertThat(engine(images.getLast().path()).width()).isEqualTo(512);
        assertThat(shown.get(images.size() - 2).get("width"))
                .as("not turned upright")
                .isEqualTo(640);
    }

    @Test
    void theCanvasFallbackIsExactOnOpaqueImages() {
        // the decoder of pages that are not secure contexts or browsers without WebCodecs: premultiplied colour,
        // so only transparent images may differ; their distances are recorded
        List<Map<String, Object>> shown = section("secure", "images");
        StringBuilder transparent =
                new StringBuilder("Canvas decoder on images with transparency (distance to WebCodecs):\n");
        int opaque = 0;
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            Map<String, Object> js = shown.get(i);
            if (!image.lossless8()) {
                continue;
            }
            if (Boolean.TRUE.equals(js.get("opaque"))) {
                opaque++;
                assertThat(js.get("canvasPdq")).as(image.name()).isEqualTo(js.get("pdq"));
                assertThat(js.get("canvasQuality")).as(image.name()).isEqualTo(js.get("quality"));
            } else {
                int d = PdqHash.fromHex((String) js.get("canvasPdq")).distance(PdqHash.fromHex((String) js.get("pdq")));
                transparent.append(String.format("  %-45s %3d%n", image.name(), d));
            }
        }
        System.out.print(transparent);
        assertThat(opaque).as("opaque lossless images checked").isGreaterThanOrEqualTo(80);
    }

    @Test
    void withoutASecureContextTheHashesAreStillRight() throws IOException {
        Map<String, Object> plain = map(results.get("plain"));
        assertThat(plain.get("isSecureContext")).isEqualTo(false);
        List<Map<String, Object>> shown = list(plain.get("images"));
        assertThat(shown).hasSizeGreaterThan(images.size() / 5);
        for (Map<String, Object> js : shown) {
            Image image = images.get(((Number) js.get("index")).intValue());
            assertThat(js.get("error")).as(image.name()).isNull();
            assertThat(List.of(js.get("md5"), js.get("sha256")))
                    .as(image.name())
                    .isEqualTo(List.of(digest("MD5", image.path()), digest("SHA-256", image.path())));
            if (image.lossless8() && Boolean.TRUE.equals(js.get("opaque"))) {
                assertThat(js.get("pdq")).as(image.name()).isEqualTo(image.referencePdq());
            }
        }
        checkFiles(list(plain.get("files")));
    }

    @Test
    void md5AndSha256AreThoseOfTheBytes() throws IOException {
        List<Map<String, Object>> shown = section("secure", "images");
        for (int i = 0; i < images.size(); i++) {
            Path path = images.get(i).path();
            assertThat(List.of(shown.get(i).get("md5"), shown.get(i).get("sha256")))
                    .as(images.get(i).name())
                    .isEqualTo(List.of(digest("MD5", path), digest("SHA-256", path)));
        }
        checkFiles(section("secure", "files"));
    }

    @Test
    void theWorkerAnswersAsTheModuleDoes() {
        List<Map<String, Object>> worker = list(results.get("worker"));
        assertThat(worker).hasSize(3);
        for (Map<String, Object> w : worker.subList(0, 2)) {
            Map<String, Object> direct = map(w.get("direct"));
            assertThat(map(w.get("image")).get("result")).isEqualTo(direct);
            assertThat(map(w.get("file")).get("result"))
                    .isEqualTo(Map.of("md5", direct.get("md5"), "sha256", direct.get("sha256")));
        }
        Map<String, Object> refused = map(worker.get(2).get("notAnImage"));
        assertThat(refused.get("id")).isEqualTo("text");
        assertThat(refused.get("result")).isNull();
        assertThat((String) refused.get("error")).isNotBlank();
    }

    @Test
    void theModuleMakesNoOtherRequestAndNoPageError() {
        assertThat(results.get("outside")).isEqualTo(List.of());
        assertThat(results.get("pageErrors")).isEqualTo(List.of());
    }

    private void checkFiles(List<Map<String, Object>> shown) throws IOException {
        assertThat(shown).hasSize(files.size());
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Map<String, Object> expected = Map.of("md5", digest("MD5", file), "sha256", digest("SHA-256", file));
            assertThat(shown.get(i).get("size")).isEqualTo((int) Files.size(file));
            assertThat(shown.get(i).get("whole")).as("%s, whole", file).isEqualTo(expected);
            assertThat(shown.get(i).get("streamed")).as("%s, streamed", file).isEqualTo(expected);
        }
    }

    private List<Map<String, Object>> section(String page, String what) {
        return list(map(results.get(page)).get(what));
    }

    private void readVectors(Path dir) {
        try {
            List<String> rows = Files.readAllLines(dir.resolve("vectors.tsv"));
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split("\t");
                images.add(new Image(
                        dir.resolve("images").resolve(f[0]),
                        f[0],
                        f[1],
                        f[2].equals("1"),
                        f[3],
                        Integer.parseInt(f[4])));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the vectors in " + dir, e);
        }
    }

    /** The full reference corpus, {@code shared/pdq} beside the project, when it is there. */
    private static Optional<Path> sharedCorpus() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("pdq");
            if (Files.isRegularFile(candidate.resolve("vectors.tsv"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Image generated(Path path, byte[] bytes) throws IOException {
        Files.write(path, bytes);
        return new Image(path, path.getFileName().toString(), "generated", false, "", 0);
    }

    private final Map<Path, FileHashes> engineCache = new java.util.HashMap<>();

    private FileHashes engine(Path image) {
        return engineCache.computeIfAbsent(image, p -> {
            FileHashes h = FileHasher.newBuilder().build().hash(p);
            assertThat(h.ok())
                    .as("the engine hashes %s: %s", p, h.errorMessage())
                    .isTrue();
            return h;
        });
    }

    private static String digest(String algorithm, Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EXIF block (TIFF, little-endian) holding only the orientation tag. */
    private static byte[] exifOrientation(int orientation) {
        ByteBuffer b = ByteBuffer.allocate(26).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8); // header, IFD0 at 8
        b.putShort((short) 1); // one entry
        b.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        b.putInt(0); // no next IFD
        return b.array();
    }

    /** The JPEG with an APP1 Exif segment right after SOI. */
    static byte[] withJpegOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = exifOrientation(orientation);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = 2 + 6 + tiff.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** The PNG with an eXIf chunk right after IHDR. */
    static byte[] withPngOrientation(byte[] png, int orientation) {
        byte[] tiff = exifOrientation(orientation);
        int afterIhdr = 8 + 4 + 4 + 13 + 4;
        ByteBuffer chunk = ByteBuffer.allocate(12 + tiff.length);
        chunk.putInt(tiff.length)
                .put("eXIf".getBytes(StandardCharsets.ISO_8859_1))
                .put(tiff);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + tiff.length);
        chunk.putInt((int) crc.getValue());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        out.writeBytes(chunk.array());
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object o) {
        return (List<T>) o;
    }
}
