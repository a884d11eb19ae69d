package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.hashmatch.decode.BgrPixels;
import io.hashmatch.decode.DecodeError;
import io.hashmatch.decode.DecodeLimits;
import io.hashmatch.decode.ImageFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHasherTest {
    private final FileHasher hasher = FileHasher.newBuilder().build();

    private static BufferedImage noise(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 3 + r.nextInt(30)) << 16 | (y * 2 + r.nextInt(30)) << 8 | r.nextInt(256));
            }
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void exactHashesEqualMessageDigestOverTheFileBytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.png");
        Files.write(file, encode(noise(80, 60, 1), "png"));
        FileHashes h = hasher.hash(file);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(h.exact()).isEqualTo(new ExactHashes(hex("MD5", bytes), hex("SHA-1", bytes), hex("SHA-256", bytes)));
        assertThat(h.size()).isEqualTo(bytes.length);
        assertThat(h.ok()).isTrue();
        assertThat(h.format()).isEqualTo(ImageFormat.PNG);
        assertThat(h.width()).isEqualTo(80);
        assertThat(h.height()).isEqualTo(60);
        assertThat(hasher.hash(bytes)).isEqualTo(h);
    }

    @Test
    void knownDigestsOfAKnownString() {
        FileHashes h = hasher.hash("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(h.exact())
                .isEqualTo(new ExactHashes(
                        "900150983cd24fb0d6963f7d28e17f72",
                        "a9993e364706816aba3e25717850c26c9cd0d89d",
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        assertThat(h.error()).isEqualTo(DecodeError.UNSUPPORTED_FORMAT);
        assertThat(h.pdq()).isNull();
    }

    @Test
    void digestsPreparedOnOtherThreadsWhileFilesAreHashedChangeNoDigest() throws Exception {
        byte[] abc = "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ExactHashes known = new ExactHashes(
                "900150983cd24fb0d6963f7d28e17f72",
                "a9993e364706816aba3e25717850c26c9cd0d89d",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        FileHasher fresh = FileHasher.newBuilder().build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> prepared = new ArrayList<>();
            List<Future<FileHashes>> hashed = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                prepared.add(pool.submit(FileHasher::prepareDigests));
                hashed.add(pool.submit(() -> fresh.hash(abc)));
            }
            for (Future<?> p : prepared) {
                p.get();
            }
            for (Future<FileHashes> h : hashed) {
                assertThat(h.get().exact()).isEqualTo(known);
            }
        } finally {
            pool.shutdown();
        }
        FileHasher.prepareDigests();
        assertThat(fresh.hash(abc).exact()).isEqualTo(known);
    }

    @Test
    void pdqOfADecodedPngEqualsPdqOfTheSamePixelsBuiltByHand() throws Exception {
        BufferedImage img = noise(100, 70, 2);
        PdqResult expected = new PdqHasher(PdqMode.FULL_RESOLUTION).hash(BgrPixels.decoded(img), true);
        FileHashes h = FileHasher.newBuilder().dihedral(true).build().hash(encode(img, "png"));
        assertThat(h.pdq()).isEqualTo(expected);
        assertThat(h.pdq().dihedral()).hasSize(8);
        assertThat(h.pdq().hash().bitCount()).isBetween(100, 128);
    }

    @Test
    void webpThatLibwebpRefusesIsCorruptWithoutAnImageIoFallback() throws Exception {
        // a fuzzing find: a 12-byte VP8L chunk that ImageIO's WebP decoder spent seconds of CPU on, reading zero
        // bits past the end of the data, before "decoding" it
        byte[] webp = Files.readAllBytes(Path.of(FileHasherTest.class
                .getResource("/io/hashmatch/hash/FileHasherFuzzTestInputs/hashBytes/"
                        + "regression-webp-slow-unit-d9189032225c036ab1efd6fa5cd8545054df408f")
                .toURI()));
        FileHashes h = hasher.hash(webp);
        assertThat(h.error()).isEqualTo(DecodeError.CORRUPT_DATA);
        assertThat(h.exact()).isNotNull();
    }

    @Test
    void emptyFileHasExactHashesAndEmptyFileError(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("empty"));
        FileHashes h = hasher.hash(file);
        assertThat(h.error()).isEqualTo(DecodeError.EMPTY_FILE);
        assertThat(h.exact().sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(h.size()).isZero();
    }

    @Test
    void corruptImageStillHasExactHashesAndItsFormat(@TempDir Path dir) throws Exception {
        byte[] png = encode(noise(20, 20, 3), "png");
        Path file = dir.resolve("cut.png");
        Files.write(file, java.util.Arrays.copyOf(png, png.length / 2));
        FileHashes h = hasher.hash(file);
        assertThat(h.error()).isEqualTo(DecodeError.TRUNCATED);
        assertThat(h.format()).isEqualTo(ImageFormat.PNG);
        assertThat(h.exact().md5()).isEqualTo(hex("MD5", Files.readAllBytes(file)));
        assertThat(h.errorMessage()).isNotBlank();
    }

    @Test
    void fileTooLargeIsNotReadButHasItsSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.png");
        Files.write(file, new byte[1000]);
        FileHasher tiny =
                FileHasher.newBuilder().limits(new DecodeLimits(1000, 999)).build();
        FileHashes h = tiny.hash(file);
        assertThat(h.error()).isEqualTo(DecodeError.FILE_TOO_LARGE);
        assertThat(h.size()).isEqualTo(1000);
        assertThat(h.exact()).isNull();
        assertThat(h.errorMessage()).contains("1000").contains("999");
        assertThat(tiny.hash(new byte[1000]).error()).isEqualTo(DecodeError.FILE_TOO_LARGE);
        assertThat(tiny.hash(new byte[999]).error()).isEqualTo(DecodeError.UNSUPPORTED_FORMAT);
    }

    @Test
    void missingFileAndDirectoryAreIoErrors(@TempDir Path dir) {
        FileHashes missing = hasher.hash(dir.resolve("nope.jpg"));
        assertThat(missing.error()).isEqualTo(DecodeError.IO_ERROR);
        assertThat(missing.exact()).isNull();
        assertThat(missing.errorMessage()).contains("nope.jpg");
        FileHashes directory = hasher.hash(dir);
        assertThat(directory.error()).isEqualTo(DecodeError.IO_ERROR);
        assertThat(directory.exact()).isNull();
    }

    @Test
    void fifoIsRefusedWithoutBlocking(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe.jpg");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeThat(mkfifo.waitFor()).as("mkfifo available").isZero();
        FileHashes h = hasher.hash(fifo); // would block forever if the FIFO were opened and read
        assertThat(h.error()).isEqualTo(DecodeError.IO_ERROR);
        assertThat(h.errorMessage()).contains("not a regular file");
    }

    @Test
    void manyThreadsGiveTheSameRecordsAsOne(@TempDir Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        String[] formats = {"png", "jpeg", "gif", "bmp", "tiff"};
        for (int i = 0; i < 20; i++) {
            Path f = dir.resolve("f" + i);
            Files.write(f, encode(noise(50 + 13 * i, 40 + 7 * i, i), formats[i % formats.length]));
            files.add(f);
        }
        Files.write(dir.resolve("f20"), new byte[] {1, 2, 3});
        files.add(dir.resolve("f20"));
        FileHasher h = FileHasher.newBuilder().dihedral(true).build();
        List<FileHashes> sequential = files.stream().map(h::hash).toList();
        assertThat(sequential.stream().filter(FileHashes::ok)).hasSize(20);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<FileHashes>> futures = new ArrayList<>();
                for (Path f : files) {
                    futures.add(pool.submit(() -> h.hash(f)));
                }
                for (int i = 0; i < files.size(); i++) {
                    assertThat(futures.get(i).get()).as(files.get(i).toString()).isEqualTo(sequential.get(i));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void fastModeReportsTheFullDeclaredSize() throws Exception {
        byte[] jpeg = encode(noise(2100, 1100, 5), "jpeg");
        FileHashes fast = FileHasher.newBuilder().fast(true).build().hash(jpeg);
        FileHashes exact = hasher.hash(jpeg);
        assertThat(fast.width()).isEqualTo(2100);
        assertThat(fast.height()).isEqualTo(1100);
        assertThat(fast.exact()).isEqualTo(exact.exact());
        assertThat(fast.pdq().hash().distance(exact.pdq().hash())).isLessThanOrEqualTo(31);
    }

    /** Reference vectors: the hashes of lossless 8-bit images and non-CMYK JPEGs, through the whole file path. */
    @Test
    void referenceVectorsThroughTheFilePath() {
        checkVectors(PdqVectors.bundled(), 100);
    }

    @Test
    void sharedReferenceCorpusThroughTheFilePath() {
        Optional<PdqVectors> shared = PdqVectors.shared();
        assumeThat(shared).as("shared/pdq beside the project").isPresent();
        checkVectors(shared.get(), 300);
    }

    private static void checkVectors(PdqVectors vectors, int atLeast) {
        FileHasher full = FileHasher.newBuilder().dihedral(true).build();
        FileHasher tool = FileHasher.newBuilder().mode(PdqMode.REFERENCE_RESIZE).build();
        int checked = 0;
        List<String> mismatches = new ArrayList<>();
        for (PdqVectors.Row row : vectors.rows()) {
            if (!row.mustBeExact()) {
                continue;
            }
            Path file = vectors.imageDir().resolve(row.file());
            FileHashes h = full.hash(file);
            FileHashes t = tool.hash(file);
            if (!h.ok()
                    || !h.pdq().hash().toHex().equals(row.pdqFull())
                    || h.pdq().quality() != row.qualityFull()
                    || !h.pdq().dihedral().stream().map(PdqHash::toHex).toList().equals(row.dihFull())
                    || !t.pdq().hash().toHex().equals(row.pdqTool())) {
                mismatches.add(row.file() + " " + row.info() + " " + h.errorMessage());
            }
            checked++;
        }
        assertThat(mismatches).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(atLeast);
    }
}
