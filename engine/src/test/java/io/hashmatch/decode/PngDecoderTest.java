package io.hashmatch.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.decode.PngBuilder.Chunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java PNG decoder against its oracle, OpenCV's libpng decode under {@code IMREAD_UNCHANGED} with hashmatch's
 * normalisation (the path PNGs took before): the same samples for every PNG of the test resources and for generated
 * ones over every colour type, bit depth, interlacing, palette and tRNS case, and the same typed error for broken
 * ones.
 */
@ExtendWith(Seeds.Report.class)
class PngDecoderTest {
    private static final DecodeLimits LIMITS = DecodeLimits.defaults();
    private static final ImageDecoder DECODER = new ImageDecoder(LIMITS, false);

    /** Tight pixels and geometry, or the error code: what two decoders must agree on. */
    private record Outcome(String shape, byte[] pixels, String message) {
        static Outcome of(DecodedImage d) {
            int row = d.width() * d.channels();
            byte[] px = new byte[row * d.height()];
            for (int y = 0; y < d.height(); y++) {
                d.pixels().get(y * d.rowStride(), px, y * row, row);
            }
            return new Outcome(d.width() + "x" + d.height() + "x" + d.channels(), px, "");
        }

        static Outcome error(DecodeError e, String message) {
            return new Outcome("error " + e.code(), new byte[0], message);
        }

        /** Empty when equal, else where the first difference is. */
        String differenceFrom(Outcome o) {
            if (!shape.equals(o.shape)) {
                return shape + " against " + o.shape;
            }
            int i = Arrays.mismatch(pixels, o.pixels);
            return i < 0
                    ? ""
                    : shape + ": byte " + i + " is " + (pixels[i] & 0xFF) + " against " + (o.pixels[i] & 0xFF);
        }
    }

    private static Outcome javaDecode(byte[] png) {
        try (DecodedImage d = DECODER.decode(ByteBuffer.wrap(png))) {
            return Outcome.of(d);
        } catch (DecodeException e) {
            return Outcome.error(e.error(), e.getMessage());
        }
    }

    /** What ImageDecoder did with every PNG before: the same checks, then OpenCV. */
    private static Outcome openCvDecode(byte[] png) {
        ByteBuffer data = ByteBuffer.wrap(png);
        try {
            ImageHeader header = ImageHeaderProbe.probe(data, FormatSniffer.sniff(data));
            ImageHeaderProbe.checkLimits(header, LIMITS);
            ImageHeaderProbe.checkComplete(data, header);
            try (DecodedImage d = OpenCvDecoder.decode(data, header, IMREAD_UNCHANGED)) {
                return d == null ? Outcome.error(DecodeError.CORRUPT_DATA, "opencv: empty") : Outcome.of(d);
            }
        } catch (DecodeException e) {
            return Outcome.error(e.error(), e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.error(DecodeError.CORRUPT_DATA, e.toString());
        }
    }

    private static void assertDecodesAsOpenCv(byte[] png, String what) {
        Outcome java = javaDecode(png);
        Outcome openCv = openCvDecode(png);
        assertThat(java.differenceFrom(openCv))
                .as(what + " (java against opencv; java says: " + java.message() + ")")
                .isEmpty();
    }

    private static List<Path> pngsUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(PngDecoderTest::hasPngSignature)
                    .sorted()
                    .toList();
        }
    }

    private static boolean hasPngSignature(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(8);
            return head.length == 8 && head[0] == (byte) 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void everyPngOfTheTestResourcesDecodesAsOpenCvDoes() throws IOException {
        List<Path> pngs = pngsUnder(Path.of("src/test/resources"));
        assertThat(pngs).hasSizeGreaterThan(120);
        for (Path p : pngs) {
            assertDecodesAsOpenCv(Files.readAllBytes(p), p.toString());
        }
    }

    /**
     * The whole PDQ corpus next to the project (all of its PNGs, most of which are not among the test resources);
     * skipped where that directory is absent.
     */
    @Test
    void everyPngOfTheSharedCorpusDecodesAsOpenCvDoes() throws IOException {
        Path shared = Path.of("../../shared/pdq/images");
        Assumptions.assumeTrue(
                Files.isDirectory(shared), "no " + shared.toAbsolutePath().normalize());
        List<Path> pngs = pngsUnder(shared);
        for (Path p : pngs) {
            assertDecodesAsOpenCv(Files.readAllBytes(p), p.toString());
        }
    }

    static Stream<Long> generatedPngs() {
        return Seeds.of("PngDecoderTest.generatedPngs", 400);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void generatedPngs(long seed) {
        Gen g = new Gen(seed);
        assertDecodesAsOpenCv(randomPng(g).build(), "generated png");
    }

    static Stream<Long> brokenPngs() {
        return Seeds.of("PngDecoderTest.brokenPngs", 400);
    }

    /** One damage to a generated PNG: both decoders give the same pixels or the same error. */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void brokenPngs(long seed) {
        Gen g = new Gen(seed);
        PngBuilder b = randomPng(g);
        List<Chunk> chunks = b.chunks();
        int at = g.intIn(1, chunks.size() - 1); // not IHDR (the probe's business, shared by both paths)
        Chunk c = chunks.get(at);
        byte[] png;
        int damage = g.intIn(0, 7);
        switch (damage) {
            case 0 -> { // a changed byte under a valid CRC: zlib, filter, palette and tRNS errors
                byte[] d = c.data().clone();
                if (d.length > 0) {
                    d[g.intIn(0, d.length - 1)] ^= (byte) g.intIn(1, 255);
                }
                chunks.set(at, new Chunk(c.type(), d));
                png = b.build();
            }
            case 1 -> { // a bad CRC
                chunks.set(at, new Chunk(c.type(), c.data(), true));
                png = b.build();
            }
            case 2 -> { // a chunk removed
                chunks.remove(at);
                png = b.build();
            }
            case 3 -> { // a chunk repeated
                chunks.add(g.intIn(at, chunks.size() - 1), c);
                png = b.build();
            }
            case 4 -> { // an unknown chunk, critical or not
                String type = g.pick(List.of("ABCD", "abCD", "aBCd", "ABCd"));
                chunks.add(at, new Chunk(type, g.bytes(0, 20)));
                png = b.build();
            }
            case 5 -> { // the file cut short
                byte[] whole = b.build();
                png = Arrays.copyOf(whole, g.intIn(0, whole.length - 1));
            }
            case 6 -> { // a byte anywhere after the signature changed
                png = b.build();
                int i = g.intIn(8, png.length - 1);
                png[i] ^= (byte) g.intIn(1, 255);
                c = new Chunk("byte " + i + " of " + png.length, c.data());
            }
            default -> { // the image data's zlib stream cut, or followed by more data
                List<Chunk> idats =
                        chunks.stream().filter(k -> k.type().equals("IDAT")).toList();
                byte[] stream = concat(idats);
                byte[] changed = g.bool()
                        ? Arrays.copyOf(stream, g.intIn(0, stream.length))
                        : concat(stream, PngBuilder.deflate(g.bytes(0, 300), 6));
                int first = chunks.indexOf(idats.get(0));
                chunks.removeAll(idats);
                chunks.add(first, new Chunk("IDAT", changed));
                png = b.build();
            }
        }
        assertDecodesAsOpenCv(
                png, "damage " + damage + " at " + c.type() + " (chunk " + at + " of " + chunks.size() + ")");
    }

    @Test
    void moreThanTheLimitsPixelsIsRefusedBeforeDecoding() {
        byte[] png = new PngBuilder()
                .add("IHDR", PngBuilder.ihdr(20_000, 20_000, 8, 0, 0))
                .idat(PngBuilder.deflate(new byte[100], 9), 1 << 16)
                .add("IEND", new byte[0])
                .build();
        assertThat(javaDecode(png).shape()).isEqualTo("error image_too_large");
        assertDecodesAsOpenCv(png, "20000x20000");
    }

    @Test
    void aSideOverLibpngsLimitIsCorruptAsInOpenCv() {
        byte[] png = new PngBuilder()
                .add("IHDR", PngBuilder.ihdr(2_000_000, 1, 1, 0, 0))
                .idat(PngBuilder.deflate(new byte[250_001], 9), 1 << 16)
                .add("IEND", new byte[0])
                .build();
        assertThat(javaDecode(png).shape()).isEqualTo("error corrupt_data");
        assertDecodesAsOpenCv(png, "2000000x1");
    }

    /** 64 MB of zeros behind a 64x64 image: decoded (libpng reads on and ignores the rest), as OpenCV does. */
    @Test
    void imageDataFarLongerThanTheImageDecodesTheImage() {
        byte[] rows = new byte[64 << 20];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                rows[y * 65 + 1 + x] = (byte) (x * 4 + y);
            }
        }
        byte[] png = new PngBuilder()
                .add("IHDR", PngBuilder.ihdr(64, 64, 8, 0, 0))
                .idat(PngBuilder.deflate(rows, 9), 1 << 20)
                .add("IEND", new byte[0])
                .build();
        assertThat(png.length).isLessThan(200_000);
        Outcome java = javaDecode(png);
        assertThat(java.shape()).isEqualTo("64x64x1");
        assertThat(java.pixels()[63 * 64 + 63]).isEqualTo((byte) (63 * 4 + 63));
        assertDecodesAsOpenCv(png, "long image data");
    }

    @Test
    void aCutFileIsTruncatedInBothPaths() {
        byte[] whole = randomPng(new Gen(7)).build();
        byte[] cut = Arrays.copyOf(whole, whole.length - 20);
        assertThat(javaDecode(cut).shape()).isEqualTo("error truncated");
        assertDecodesAsOpenCv(cut, "cut");
    }

    @Test
    void aBadIdatChecksumIsCorruptAndABadTextChecksumIsIgnored() {
        PngBuilder b = randomPng(new Gen(11));
        List<Chunk> chunks = b.chunks();
        int idat = indexOf(chunks, "IDAT");
        chunks.set(idat, new Chunk("IDAT", chunks.get(idat).data(), true));
        assertThat(javaDecode(b.build()).shape()).isEqualTo("error corrupt_data");
        assertDecodesAsOpenCv(b.build(), "bad IDAT crc");

        PngBuilder t = randomPng(new Gen(11));
        t.chunks().add(1, new Chunk("tEXt", "Comment\0x".getBytes(StandardCharsets.ISO_8859_1), true));
        assertThat(javaDecode(t.build()).shape()).doesNotStartWith("error");
        assertDecodesAsOpenCv(t.build(), "bad tEXt crc");
    }

    private static int indexOf(List<Chunk> chunks, String type) {
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).type().equals(type)) {
                return i;
            }
        }
        throw new AssertionError("no " + type);
    }

    private static byte[] concat(List<Chunk> chunks) {
        byte[] all = new byte[0];
        for (Chunk c : chunks) {
            all = concat(all, c.data());
        }
        return all;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * A valid PNG (as libpng takes it; some of its tRNS and PLTE chunks are ones libpng ignores) of a random colour
     * type, bit depth, size and interlacing, with ancillary chunks a decoder must not apply (gAMA, sBIT, tEXt).
     */
    static PngBuilder randomPng(Gen g) {
        int ct = g.pick(List.of(0, 2, 3, 4, 6));
        int depth = g.pick(
                switch (ct) {
                    case 0 -> List.of(1, 2, 4, 8, 16);
                    case 3 -> List.of(1, 2, 4, 8);
                    default -> List.of(8, 16);
                });
        int w = g.intIn(1, 37);
        int h = g.intIn(1, 29);
        boolean interlaced = g.bool();
        PngBuilder b = new PngBuilder().add("IHDR", PngBuilder.ihdr(w, h, depth, ct, interlaced ? 1 : 0));
        if (g.chance(0.3)) {
            b.add(
                    "gAMA",
                    ByteBuffer.allocate(4)
                            .putInt(g.chance(0.5) ? 45455 : g.intIn(1, 400_000))
                            .array());
        }
        if (g.chance(0.2)) {
            byte[] sbit = new byte[ct == 3 ? 3 : PngBuilder.samples(ct)];
            Arrays.fill(sbit, (byte) g.intIn(1, ct == 3 ? 8 : depth));
            b.add("sBIT", sbit);
        }
        if (g.chance(0.2)) {
            b.add("tEXt", "Comment\0generated".getBytes(StandardCharsets.ISO_8859_1));
        }
        int[] transparent = null;
        boolean transparencyFirst = ct == 2 && g.chance(0.1); // libpng then cancels it at PLTE
        if (transparencyFirst) {
            b.add("tRNS", g.bytes(6, 6));
        }
        int paletteSize = 0;
        if (ct == 3 || (ct != 0 && ct != 4 && g.chance(0.15)) || g.chance(0.03)) {
            int most = ct == 3 ? Math.min(256, (1 << depth) + (g.chance(0.2) ? 5 : 0)) : 256;
            paletteSize = g.intIn(1, most);
            b.add("PLTE", g.bytes(3 * paletteSize, 3 * paletteSize));
        }
        if (g.chance(0.6)) {
            byte[] trns =
                    switch (ct) {
                        case 3 -> {
                            byte[] a = new byte[g.intIn(0, Math.min(256, paletteSize + 2))];
                            for (int i = 0; i < a.length; i++) {
                                a[i] = (byte) (int) g.pick(List.of(0, 255, g.intIn(0, 255)));
                            }
                            yield a;
                        }
                        case 0 ->
                            ByteBuffer.allocate(2)
                                    .putShort((short) g.intIn(0, (1 << depth) - 1))
                                    .array();
                        case 2 -> {
                            transparent = new int[3];
                            ByteBuffer t = ByteBuffer.allocate(6);
                            for (int i = 0; i < 3; i++) {
                                int max = depth == 16 || g.chance(0.2) ? 0xFFFF : 0xFF;
                                transparent[i] = g.intIn(0, max);
                                t.putShort((short) transparent[i]);
                            }
                            yield t.array();
                        }
                        default -> g.bytes(0, 8);
                    };
            b.add(new Chunk("tRNS", trns, g.chance(0.05)));
            if (g.chance(0.1)) {
                b.add("tRNS", trns.length > 0 ? new byte[trns.length] : new byte[1]);
            }
        }
        int samples = PngBuilder.samples(ct);
        int bytesPerSample = depth / 8;
        int[] colour = transparent;
        boolean fewValues = g.chance(0.3);
        byte[] rows = PngBuilder.scanlines(w, h, samples * depth, interlaced, g, (rowBytes, pixels) -> {
            byte[] row = new byte[rowBytes];
            if (depth < 8) {
                for (int i = 0; i < rowBytes; i++) {
                    row[i] = (byte) g.intIn(0, 255);
                }
                return row;
            }
            for (int p = 0; p < pixels; p++) {
                boolean clear = colour != null && g.chance(0.3);
                for (int s = 0; s < samples; s++) {
                    int v = clear && s < 3
                            ? colour[s]
                            : fewValues ? g.pick(List.of(0, 255, 0xFFFF, 0x1234)) : g.intIn(0, 0xFFFF);
                    int at = (p * samples + s) * bytesPerSample;
                    if (bytesPerSample == 2) {
                        row[at] = (byte) (v >>> 8);
                        row[at + 1] = (byte) v;
                    } else {
                        row[at] = (byte) v;
                    }
                }
            }
            return row;
        });
        byte[] deflated = PngBuilder.deflate(rows, g.intIn(0, 9));
        b.idat(deflated, g.chance(0.2) ? g.intIn(1, 64) : g.intIn(1, deflated.length + 10));
        if (g.chance(0.2)) {
            b.add("tEXt", "Comment\0after".getBytes(StandardCharsets.ISO_8859_1));
        }
        b.add("IEND", new byte[0]);
        return b;
    }

    @Test
    void generatorCoversTheCases() {
        List<String> kinds = new ArrayList<>();
        Seeds.of("PngDecoderTest.generatedPngs", 400).forEach(seed -> {
            byte[] png = randomPng(new Gen(seed)).build();
            kinds.add("ct" + png[25] + "d" + png[24] + "i" + png[28]);
        });
        assertThat(kinds).contains("ct0d1i1", "ct0d2i0", "ct0d4i1", "ct0d16i0", "ct3d1i0", "ct3d8i1", "ct4d16i1");
        assertThat(kinds).contains("ct2d8i0", "ct2d16i1", "ct6d8i1", "ct6d16i0");
    }
}
