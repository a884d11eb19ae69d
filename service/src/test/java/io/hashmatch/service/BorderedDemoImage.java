package io.hashmatch.service;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The edited copy that every path that hashes and matches an image (the CLI's {@code hash --variants | match --input
 * jsonl}, {@code scan}, {@code POST /v1/match/image}, HMA's {@code POST /m/lookup}, the web console) must find in the
 * demo list through the same variant at the same distance: {@code syn_rings_127x255.png}, listed in te-dataset.csv
 * only as its original (category INVESTIGATION_SEED), drawn inside a uniform border of {@value #BORDER} pixels. Its
 * whole-image PDQ hash is far from the original's; the trim variant is the picture's exact rectangle.
 */
public final class BorderedDemoImage {
    /** The listed picture, in the engine's test images. */
    public static final String IMAGE = "syn_rings_127x255.png";

    public static final int BORDER = 24;
    public static final Color COLOUR = new Color(40, 40, 40);

    /**
     * PDQ distance of the trim variant to the listed hash: none, since a found region is hashed from the decoded
     * image's own pixels, which inside the border are the original's.
     */
    public static final int DISTANCE = 0;

    /** The query's variant that hits, as JSON answers name it. */
    public static final String TRIM_JSON = "{\"kind\":\"trim\",\"transform\":\"original\",\"rect\":[24,24,127,255]}";

    /** The list item's side: its own whole-image hash. */
    public static final String WHOLE_JSON = "{\"kind\":\"whole\",\"transform\":\"original\"}";

    /** The same two, as hits.csv, report.html and the console write them. */
    public static final String TRIM_TEXT = "trim/original@[24,24,127,255]";

    public static final String WHOLE_TEXT = "whole/original";

    private BorderedDemoImage() {}

    /** The original picture's file. */
    public static Path original() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("engine/src/test/resources/pdq/images").resolve(IMAGE);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new AssertionError(IMAGE + " not found above " + Path.of("").toAbsolutePath());
    }

    /** The bordered copy as PNG bytes. */
    public static byte[] png() {
        return png(BORDER);
    }

    /** The listed picture inside a border of {@code border} pixels, as PNG bytes. */
    public static byte[] png(int border) {
        try {
            BufferedImage in = ImageIO.read(original().toFile());
            BufferedImage out = new BufferedImage(
                    in.getWidth() + 2 * border, in.getHeight() + 2 * border, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setColor(COLOUR);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(in, border, border, null);
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the bordered copy as {@code dir/name} and returns its path. */
    public static Path write(Path dir, String name) throws IOException {
        return Files.write(Files.createDirectories(dir).resolve(name), png());
    }
}
