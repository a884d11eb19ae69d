package io.hashmatch.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
}
