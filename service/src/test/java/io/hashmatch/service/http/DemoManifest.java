package io.hashmatch.service.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The oracle of the demo list: {@code hashlists/demo/MANIFEST.tsv}, whose rows are in the order the service
 * imports the demo files. Entry numbers follow the rows, except that {@code te-signals.txt} has one entry more than
 * rows: its fourth line ({@link #TE_SIGNALS_NOISE_MD5_ENTRY}) is the MD5 of {@code syn_noise_64x48.png}, whose row is
 * in {@code md5.txt}.
 */
final class DemoManifest {
    /** One row: source file, image, category ("" when none), PDQ quality, PDQ, MD5, SHA-1, SHA-256. */
    record Row(
            int entry,
            String list,
            String image,
            String category,
            int quality,
            String pdq,
            String md5,
            String sha1,
            String sha256) {}

    /** Entry of the MD5-only line of {@code te-signals.txt}. */
    static final int TE_SIGNALS_NOISE_MD5_ENTRY = 3;

    static final List<Row> ROWS = read();

    private DemoManifest() {}

    /** The row of an image file name. */
    static Row image(String name) {
        return ROWS.stream().filter(r -> r.image().equals(name)).findFirst().orElseThrow();
    }

    /** {@code hashlists/demo} above the working directory. */
    static Path dir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path demo = d.resolve("hashlists").resolve("demo");
            if (Files.isRegularFile(demo.resolve("MANIFEST.tsv"))) {
                return demo;
            }
        }
        throw new AssertionError("hashlists/demo not found");
    }

    /** An image of the engine's test corpus ({@code engine/src/test/resources/pdq/images}). */
    static byte[] testImage(String name) {
        try {
            return Files.readAllBytes(dir().getParent()
                    .getParent()
                    .resolve("engine/src/test/resources/pdq/images")
                    .resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Row> read() {
        try {
            List<String> lines = Files.readAllLines(dir().resolve("MANIFEST.tsv"));
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split("\t", -1);
                int entry = i - 1 + (f[0].equals("te-signals.txt") ? 0 : 1);
                rows.add(new Row(entry, f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], f[5], f[6], f[7]));
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
