package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.scan.MediaHashes;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hashmatch hash} in-process with the real engine on generated files. */
class HashCommandEndToEndTest {
    @TempDir
    Path tmp;

    private Path tree;
    /** The files under {@link #tree} in the order the walk must report them, with their expected error. */
    private final List<Path> expectedOrder = new ArrayList<>();

    @BeforeEach
    void tree() throws IOException {
        tree = Files.createDirectory(tmp.resolve("tree"));
        write("a.png", image("png", 64, 48, 1));
        write("b.jpg", image("jpg", 100, 80, 2));
        write("empty.bin", new byte[0]);
        write("nested/c.png", image("png", 33, 77, 3));
        write("nested/deeper/d.jpg", image("jpg", 200, 150, 4));
        write("notes.txt", "not an image\n".getBytes());
        byte[] png = image("png", 120, 90, 5);
        write("truncated.png", java.util.Arrays.copyOf(png, png.length / 2));
    }

    private Path write(String relative, byte[] bytes) throws IOException {
        Path p = tree.resolve(relative);
        Files.createDirectories(p.getParent());
        expectedOrder.add(p);
        return Files.write(p, bytes);
    }

    /** A picture with gradients and shapes, so PDQ has something to see. */
    static byte[] image(String format, int width, int height, int seed) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, ((x * 255 / width) << 16) | ((y * 255 / height) << 8) | ((x * y * seed) & 0xff));
            }
        }
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(seed * 40 % 256, 200, 30));
        g.fillOval(width / 4, height / 4, width / 2, height / 3);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void everyFileHasOneRecordInWalkOrderWithExactValues() throws Exception {
        Cli.Result r = Cli.run("hash", tree.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.lines()).hasSize(7);
        FileHasher direct = FileHasher.newBuilder().build();
        for (int i = 0; i < 7; i++) {
            Path file = expectedOrder.get(i);
            Map<String, Object> o = Json.object(r.lines().get(i));
            byte[] bytes = Files.readAllBytes(file);
            assertThat(o)
                    .containsEntry("path", file.toString())
                    .containsEntry("size", (long) bytes.length)
                    .containsEntry("md5", hex("MD5", bytes))
                    .containsEntry("sha1", hex("SHA-1", bytes))
                    .containsEntry("sha256", hex("SHA-256", bytes));
            FileHashes h = direct.hash(file);
            if (h.pdq() != null) {
                assertThat(o)
                        .containsEntry("pdq", h.pdq().hash().toHex())
                        .containsEntry("quality", (long) h.pdq().quality())
                        .doesNotContainKey("error");
            }
        }
        Map<String, Object> a = Json.object(r.lines().get(0));
        assertThat(a.keySet())
                .containsExactly(
                        "path", "size", "md5", "sha1", "sha256", "pdq", "quality", "width", "height", "format");
        assertThat(a).containsEntry("width", 64L).containsEntry("height", 48L).containsEntry("format", "png");
        assertThat(((String) a.get("pdq"))).hasSize(64).isNotEqualTo(PdqHash.ZERO.toHex());
        assertThat(Json.object(r.lines().get(1)))
                .containsEntry("width", 100L)
                .containsEntry("height", 80L)
                .containsEntry("format", "jpeg");
        assertThat(Json.object(r.lines().get(3))).containsEntry("width", 33L).containsEntry("height", 77L);
        assertThat(Json.object(r.lines().get(4)))
                .containsEntry("width", 200L)
                .containsEntry("height", 150L)
                .containsEntry("format", "jpeg");

        assertError(r.lines().get(2), "empty_file", null);
        assertError(r.lines().get(5), "unsupported_format", null);
        assertError(r.lines().get(6), "truncated", "png");
    }

    private static void assertError(String line, String code, String format) {
        Map<String, Object> o = Json.object(line);
        assertThat(o).doesNotContainKeys("pdq", "quality", "width", "height").containsKeys("md5", "sha1", "sha256");
        if (format == null) {
            assertThat(o).doesNotContainKey("format");
        } else {
            assertThat(o).containsEntry("format", format);
        }
        Map<?, ?> error = (Map<?, ?>) o.get("error");
        assertThat(error.get("code")).isEqualTo(code);
        assertThat((String) error.get("message")).isNotBlank().doesNotContain("\n");
    }

    @Test
    void onlyGoodFilesExitZero() {
        Cli.Result r = Cli.run(
                "hash", tree.resolve("a.png").toString(), tree.resolve("nested").toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().get(0)).startsWith("{\"path\":\"" + tree.resolve("a.png") + "\"");
        assertThat(r.lines().get(1)).startsWith("{\"path\":\"" + tree.resolve("nested/c.png") + "\"");
        assertThat(r.lines().get(2)).startsWith("{\"path\":\"" + tree.resolve("nested/deeper/d.jpg") + "\"");
    }

    @Test
    void dihedralGivesEightHashesFirstIsPdq() {
        Cli.Result r = Cli.run(
                "hash",
                "--dihedral",
                tree.resolve("b.jpg").toString(),
                tree.resolve("notes.txt").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        Map<String, Object> o = Json.object(r.lines().get(0));
        @SuppressWarnings("unchecked")
        List<String> dihedral = (List<String>) o.get("dihedral");
        FileHashes direct = FileHasher.newBuilder().dihedral(true).build().hash(tree.resolve("b.jpg"));
        assertThat(dihedral).hasSize(8).first().isEqualTo(o.get("pdq"));
        assertThat(dihedral)
                .containsExactlyElementsOf(
                        direct.pdq().dihedral().stream().map(PdqHash::toHex).toList());
        assertThat(dihedral).doesNotHaveDuplicates();
        assertThat(Json.object(r.lines().get(1))).doesNotContainKey("dihedral");
    }

    @Test
    void referenceResizeChangesLargeImagesOnly() throws Exception {
        Path big = Files.write(tmp.resolve("big.png"), image("png", 1200, 700, 9));
        String full = (String)
                Json.object(Cli.run("hash", big.toString()).lines().get(0)).get("pdq");
        String resized = (String) Json.object(Cli.run("hash", "--reference-resize", big.toString())
                        .lines()
                        .get(0))
                .get("pdq");
        assertThat(resized)
                .isEqualTo(FileHasher.newBuilder()
                        .mode(io.hashmatch.hash.PdqMode.REFERENCE_RESIZE)
                        .build()
                        .hash(big)
                        .pdq()
                        .hash()
                        .toHex());
        assertThat(full)
                .isEqualTo(
                        FileHasher.newBuilder().build().hash(big).pdq().hash().toHex());
    }

    @Test
    void limitsAreApplied() {
        Cli.Result r = Cli.run(
                "hash",
                "--max-file-size",
                "100",
                "--max-pixels",
                "5000",
                tree.resolve("a.png").toString(),
                tree.resolve("b.jpg").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(((Map<?, ?>) Json.object(r.lines().get(0)).get("error")).get("code"))
                .isEqualTo("file_too_large");
        assertThat(Json.object(r.lines().get(0))).doesNotContainKeys("md5", "sha1", "sha256");
        Cli.Result pixels =
                Cli.run("hash", "--max-pixels", "5000", tree.resolve("b.jpg").toString());
        assertThat(((Map<?, ?>) Json.object(pixels.lines().get(0)).get("error")).get("code"))
                .isEqualTo("image_too_large");
    }

    @Test
    void whileTheNativeDecoderLoadsTwoThreadsHashThePngsFirstAndKeepTheInputOrder() throws Exception {
        Path mixed = Files.createDirectory(tmp.resolve("mixed"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String format = i < 8 ? "jpg" : "png"; // photographs first, then icons, as in a chat export
            files.add(
                    Files.write(mixed.resolve(String.format("f%02d.%s", i, format)), image(format, 50 + i, 40 + i, i)));
        }
        // the load ends once the four PNGs are hashed: until then the JPEGs wait
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        ConcurrentLinkedQueue<Path> hashed = new ConcurrentLinkedQueue<>();
        AtomicInteger pngs = new AtomicInteger();
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls != HashCommand.class) {
                    return defaults.create(cls);
                }
                HashCommand hash = new HashCommand(engine -> file -> {
                    hashed.add(file);
                    MediaHashes h = engine.hash(file);
                    if (file.toString().endsWith(".png") && pngs.incrementAndGet() == 4) {
                        loaded.complete(null);
                    }
                    return h;
                });
                hash.decoderLoaded(loaded);
                return (K) hash;
            }
        };
        Cli.Result two = Cli.run(factory, "hash", "--threads", "2", mixed.toString());
        Cli.Result one = Cli.run("hash", "--threads", "1", mixed.toString());
        assertThat(two.err()).isEmpty();
        assertThat(two.exitCode()).isZero();
        assertThat(two.out()).isEqualTo(one.out());
        assertThat(two.lines()).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(Json.object(two.lines().get(i)))
                    .containsEntry("path", files.get(i).toString())
                    .containsEntry("sha256", hex("SHA-256", Files.readAllBytes(files.get(i))))
                    .containsEntry("format", i < 8 ? "jpeg" : "png")
                    .containsKey("pdq");
        }
        assertThat(List.copyOf(hashed)).hasSize(12);
        assertThat(List.copyOf(hashed).subList(0, 4)).allMatch(p -> p.toString().endsWith(".png"));
    }

    @Test
    void sameOutputWithOneAndFourThreads() throws Exception {
        for (int i = 0; i < 40; i++) {
            write(
                    "many/" + (char) ('a' + i % 5) + "/img" + i + (i % 2 == 0 ? ".png" : ".jpg"),
                    image(i % 2 == 0 ? "png" : "jpg", 40 + i, 30 + i, i));
        }
        Cli.Result one = Cli.run("hash", "--threads", "1", "--dihedral", tree.toString());
        Cli.Result four = Cli.run("hash", "--threads", "4", "--dihedral", tree.toString());
        assertThat(one.lines()).hasSize(47);
        assertThat(four.out()).isEqualTo(one.out());
        assertThat(Cli.run("hash", "--threads", "4", "--format", "csv", tree.toString())
                        .out())
                .isEqualTo(Cli.run("hash", "--threads", "1", "--format", "csv", tree.toString())
                        .out());
    }

    @Test
    void csvQuotesOddNames() throws Exception {
        Path odd = Files.write(tmp.resolve("odd, \"name\".png"), image("png", 20, 20, 1));
        Path plain = Files.write(tmp.resolve("plain.png"), image("png", 20, 20, 2));
        Cli.Result r = Cli.run("hash", "--format", "csv", odd.toString(), plain.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.lines()).hasSize(3);
        String quotedPath = "\"" + odd.toString().replace("\"", "\"\"") + "\"";
        byte[] bytes = Files.readAllBytes(odd);
        String pdq = FileHasher.newBuilder().build().hash(odd).pdq().hash().toHex();
        assertThat(r.lines().get(1))
                .startsWith(quotedPath + "," + bytes.length + "," + hex("MD5", bytes) + "," + hex("SHA-1", bytes) + ","
                        + hex("SHA-256", bytes) + "," + pdq + ",");
        assertThat(r.lines().get(1)).endsWith(",20,20,png,,,,,"); // no error, no video fields
        assertThat(r.lines().get(2)).startsWith(plain + ",");
    }

    @Test
    void jsonEscapesOddNames() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("odd"));
        List<String> names = List.of(
                "q\"uote.png",
                "back\\slash.png",
                "new\nline.png",
                "tab\t.png",
                "ctl\u0001\u001f.png",
                "ünï 日本 😀.png",
                "\u2028.png");
        for (String name : names) {
            Files.write(dir.resolve(name), image("png", 16, 16, name.length()));
        }
        Cli.Result r = Cli.run("hash", dir.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.lines()).hasSize(names.size());
        List<String> paths = new ArrayList<>();
        for (String line : r.lines()) {
            Map<String, Object> o = Json.object(line);
            Path p = Path.of((String) o.get("path"));
            assertThat(o.get("md5")).isEqualTo(hex("MD5", Files.readAllBytes(p)));
            paths.add(p.getFileName().toString());
        }
        assertThat(paths).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void nonUtf8NameIsHashedAndReportedWithReplacementCharacters() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("bytes"));
        int rc;
        try {
            rc = new ProcessBuilder("sh", "-c", "printf 'content' > \"$(printf 'bad\\377\\376name')\"")
                    .directory(dir.toFile())
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            rc = -1;
        }
        assumeTrue(rc == 0, "no sh to create a non-UTF-8 file name");
        Cli.Result r = Cli.run("hash", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2); // "content" is not an image
        assertThat(r.lines()).hasSize(1);
        Map<String, Object> o = Json.object(r.lines().get(0));
        assertThat(o)
                .containsEntry("path", dir + "/bad\ufffd\ufffdname")
                .containsEntry("md5", hex("MD5", "content".getBytes()))
                .containsEntry("size", 7L);
        assertThat(((Map<?, ?>) o.get("error")).get("code")).isEqualTo("unsupported_format");
    }
}
