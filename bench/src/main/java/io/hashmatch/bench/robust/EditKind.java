package io.hashmatch.bench.robust;

/**
 * The edits a re-sharer applies to a photograph, as {@link EditGenerator} makes them. The first ten are the ones
 * the robust-matching targets name; the others widen the picture (small rotations, filters, overlays,
 * re-encoding, aspect changes, off-centre crops).
 */
public enum EditKind {
    /** Half the width and height, saved as JPEG quality 60. */
    HALF_Q60("half size, JPEG q60"),
    /** A channel name in large translucent letters across the picture and a small opaque one in a corner. */
    WATERMARK("watermark"),
    /** Mirrored left to right, 5 % of the width and of the height cropped off (split between the two sides). */
    MIRROR_CROP5("mirror + 5% crop"),
    /** Black bars above and below: the photo centred in a taller canvas (square, 4:5 or 9:16). */
    LETTERBOX("letterbox"),
    /** 10 % of the width and of the height cropped off, split at random between the two sides. */
    CROP10("10% crop"),
    /** A uniform border of 10 % of the width (left, right) and of the height (top, bottom). */
    BORDER10("10% border"),
    /** A meme frame: white bands with black caption text above (and sometimes below) the photo. */
    MEME_FRAME("meme frame"),
    /** The photo as one tile of a 2x2 collage with three other photos, separated by uniform gutters. */
    COLLAGE_2X2("2x2 collage"),
    /** A phone screenshot of a chat: status bar, header, text bubbles and the photo in a bubble. */
    SCREENSHOT("chat screenshot"),
    /** 25 % of the width and of the height cropped off, split at random between the two sides. */
    CROP25("25% crop"),
    /** Rotated by 2 to 6 degrees either way about the centre, corners filled with a uniform colour. */
    ROTATE("rotation 2-6 deg"),
    /** One colour filter: grey, sepia, warm, cool, saturated or faded. */
    COLOUR_FILTER("colour filter"),
    /** Three to six opaque stickers (discs, stars, hearts) over the photo. */
    STICKERS("stickers"),
    /** A caption in large outlined letters over the centre. */
    TEXT_CENTRE("text over centre"),
    /** Gaussian blur of radius 2 to 4 pixels. */
    BLUR("blur"),
    /** Unsharp masking. */
    SHARPEN("sharpen"),
    /** Four to six rounds of JPEG encoding at quality 50 to 80 with a slight downscale in between. */
    RECOMPRESS("re-compression chain"),
    /** One axis scaled by 1.15 to 1.4: the aspect ratio changes. */
    STRETCH("stretched aspect"),
    /** Black bars left and right: the photo centred in a wider canvas. */
    PILLARBOX("pillarbox"),
    /** 30 % of the width and of the height cropped off on the sides of one corner. */
    OFFCENTRE_CROP("off-centre 30% crop");

    private final String label;

    EditKind(String label) {
        this.label = label;
    }

    /** A short human name for tables. */
    public String label() {
        return label;
    }
}
