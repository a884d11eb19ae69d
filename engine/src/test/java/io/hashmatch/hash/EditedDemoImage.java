package io.hashmatch.hash;

import io.hashmatch.list.format.HashVariant;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The edited copies that every path that hashes and matches an image (the scanner; the service's CLI {@code hash
 * --variants | match --input jsonl}, {@code scan}, {@code POST /v1/match/image}, HMA's {@code POST /m/lookup}, the
 * web console) must find in the demo list through the same variant at the same distance:
 * {@code syn_rings_127x255.png}, listed in te-dataset.csv only as its original (category INVESTIGATION_SEED),
 * wrapped the way a re-sharer wraps a picture by {@link EditedImages}. The whole image's PDQ hash of each copy is
 * far from the original's; the variant that hits is the picture's exact rectangle, where the generator placed it.
 */
public enum EditedDemoImage {
    /** Inside a uniform dark border of {@value #BORDER} pixels: found by its trim. */
    BORDERED("bordered.png", "trim"),
    /**
     * The bottom-right tile of a 2x2 collage beside three seeded photo-like pictures (unlisted), with 8-pixel
     * near-white gutters: found by its tile.
     */
    COLLAGE("collage.png", "tile"),
    /** Pillarboxed in a 16:9 black frame, as a video still or a landscape screenshot shows it: found by its trim. */
    PILLARBOX("pillarbox.png", "trim");

    /** The listed picture, in the engine's test images. */
    public static final String IMAGE = "syn_rings_127x255.png";

    public static final int BORDER = 24;
    public static final Color BORDER_COLOUR = new Color(40, 40, 40);

    /** Seed of the collage's other pictures ({@link EditedImages#photo}). */
    static final long COLLAGE_SEED = 1400;

    /**
     * PDQ distance of the variant that hits to the listed hash: none, since a found region is hashed from the
     * decoded image's own pixels, which inside the edit are the original's.
     */
    public static final int DISTANCE = 0;

    /** The list item's side, as JSON answers name it: its own whole-image hash ({@link HashVariant#WHOLE}). */
    public static final String WHOLE_JSON = "{\"kind\":\"whole\",\"transform\":\"original\"}";

    private final String fileName;
    private final String kind;

    EditedDemoImage(String fileName, String kind) {
        this.fileName = fileName;
        this.kind = kind;
    }

    /** The name the tests give the copy's file. */
    public String fileName() {
        return fileName;
    }

    /** The edited copy, and where the listed picture is in it. */
    public EditedImages.Edit edit() {
        BufferedImage picture = read(original());
        return switch (this) {
            case BORDERED -> EditedImages.border(picture, BORDER, BORDER_COLOUR);
            case COLLAGE -> {
                int w = picture.getWidth();
                int h = picture.getHeight();
                EditedImages.Edit e = EditedImages.collage(
                        8,
                        new Color(250, 250, 250),
                        EditedImages.photo(w, h, COLLAGE_SEED),
                        EditedImages.photo(w, h, COLLAGE_SEED + 1),
                        EditedImages.photo(w, h, COLLAGE_SEED + 2),
                        picture);
                yield new EditedImages.Edit(e.image(), e.photos()[3]);
            }
            case PILLARBOX -> {
                int h = picture.getHeight();
                int w = h * 16 / 9;
                yield EditedImages.placed(picture, w, h, (w - picture.getWidth()) / 2, 0, Color.BLACK);
            }
        };
    }

    /** The listed picture's rectangle in the copy: the variant's. */
    public PdqVariant.Rect rect() {
        return edit().photos()[0];
    }

    /** The query's variant that hits; its {@code toString()} is how hits.csv, report.html and the console name it. */
    public HashVariant variant() {
        PdqVariant.Rect r = rect();
        return new HashVariant(kind, "original", r.x(), r.y(), r.width(), r.height());
    }

    /** {@link #variant()} as JSON answers name it ({@link HashVariant#writeFields}). */
    public String variantJson() {
        PdqVariant.Rect r = rect();
        return "{\"kind\":\"" + kind + "\",\"transform\":\"original\",\"rect\":[" + r.x() + "," + r.y() + ","
                + r.width() + "," + r.height() + "]}";
    }

    /** The copy as PNG bytes. */
    public byte[] png() {
        return png(edit().image());
    }

    /** Writes the copy as {@code dir/}{@link #fileName()} and returns its path. */
    public Path write(Path dir) throws IOException {
        return Files.write(Files.createDirectories(dir).resolve(fileName), png());
    }

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

    /** The listed picture inside a border of {@code border} pixels of {@link #BORDER_COLOUR}, as PNG bytes. */
    public static byte[] bordered(int border) {
        return png(EditedImages.border(read(original()), border, BORDER_COLOUR).image());
    }

    private static BufferedImage read(Path file) {
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code image} as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
