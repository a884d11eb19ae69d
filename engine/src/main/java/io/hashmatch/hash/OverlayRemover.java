package io.hashmatch.hash;

import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds a translucent overlay of one colour drawn over a luma plane (a channel's name written across a picture at
 * partial opacity) and undoes it: the source of {@link PdqVariant.Kind#UNMARK}.
 *
 * <p>An overlay of colour {@code c} at opacity {@code a} turns a pixel {@code p} into {@code q = (1 - a) p + a c}
 * (luma is linear in the colour channels, so this holds for luma too). Text strokes are thin: a grey-level opening
 * (a bright overlay) or closing (a dark one) over squares wider than a stroke gives, inside a stroke, an estimate
 * {@code b} of the picture under it. Each pixel at least {@link #MIN_STEP} above {@code b} votes, for every opacity
 * on a grid, for the colour {@code c = (q - (1 - a) b) / a} it implies; an overlay's pixels meet in one (opacity,
 * colour) cell, where a picture's texture votes for about the same colour at every opacity ({@link #prominence}).
 * The best cells whose prominence reaches {@link #MIN_SHARE} of the plane's pixels are the overlays found. Removing
 * one: the pixels that fit its blend (within {@link #FIT_TOLERANCE} of {@code (1 - a) b + a c}) are its mask,
 * grown ({@link #grow}) into the parts of strokes wider than the opening; inside it the blend is inverted from the
 * pixel's own value, {@code p = (q - a c) / (1 - a)}; pixels next to the mask that differ from {@code b} in the
 * same direction (the strokes' anti-aliased edges) take {@code b}. Thin strokes of the overlay's colour itself
 * (the same name written small and opaque, often with a drop shadow) cannot be inverted: they and the pixels
 * around them take the mean of the picture around them. On a colour image ({@link #loadColour}) the mask must fit
 * the blend in colour too ({@link #keepColour}): a picture's own texture that fits it in luma rarely does. See
 * {@code engine/VARIANTS.md}, <i>unmark</i>.
 *
 * <p>Where no overlay is found (its blend hidden in a textured picture) or its removal misses, a light overlay's
 * strokes are still thinner than the squares of an {@link #opening}: the opening of a watermarked copy is near the
 * opening of its original, as the pixels an erosion picks in each square are rarely under a stroke, and when they are,
 * one beside the stroke is nearly as dark. Both a list's images and the queries are hashed so
 * ({@link PdqVariant.Kind#OPENING}); see {@code engine/VARIANTS.md}, <i>opening</i>.
 *
 * <p>Not thread-safe: owns buffers; use one instance per thread.
 */
final class OverlayRemover {
    /** Opacities tried: {@code A_MIN + i A_STEP}. */
    static final double A_MIN = 0.15;

    static final double A_STEP = 0.025;
    /** Opacities an overlay may have: the first {@code A_PEAKS} (up to 0.60); the others only for comparison. */
    static final int A_PEAKS = 19;
    /** Cells {@link #prominence} compares a cell with: this many opacity steps either side. */
    static final int A_APART = 3;
    /** Opacities voted for: up to 0.675, the last one {@link #prominence} compares a candidate with. */
    static final int A_STEPS = A_PEAKS + A_APART;

    static final int C_BINS = 256 / 4;
    /** Colours up to this far above white vote for white: the opening underestimates a textured background. */
    static final int OVERSHOOT = 16;
    /** Most overlays tried per image (each one more hash): the best blend can be a picture's own texture. */
    static final int MAX_OVERLAYS = 2;
    /** A second overlay's colour is at least this many colour cells from the first's at a near opacity. */
    static final int SEPARATION = 2;
    /** Width of a colour cell, in grey levels. */
    static final int C_BIN = 4;
    /** A pixel votes when it differs from the opening (closing) by at least this many grey levels. */
    static final int MIN_STEP = 12;
    /** Share of the plane's pixels the best (opacity, colour) cell must hold for an overlay to be found. */
    static final double MIN_SHARE = 0.002;
    /** A pixel is in the mask when it is within this many grey levels of the blend of its background. */
    static final int FIT_TOLERANCE = 8;
    /**
     * {@link #grow}: how far (in steps to a side neighbour) the mask grows from a pixel that fits the blend, in
     * stroke radii plus one: the part of a stroke the opening keeps is at most an opening square wide.
     */
    static final int GROW_REACH = 2;
    /** Values of {@link #mask}: fits the blend, grown into, the overlay's own colour (opaque). */
    static final int BLENDED = 1;

    static final int GROWN = 2;
    static final int OPAQUE = 3; // the highest: the dilated mask is OPAQUE exactly next to an opaque pixel
    /**
     * A pixel of the mask keeps its place only when each of its two colour differences ({@link #loadColour}) is
     * within this many levels of the blend of the overlay's colour over its background's.
     */
    static final int COLOUR_TOLERANCE = 12;
    /** Width, in colour-difference levels, of a cell of the histogram the overlay's colour is read from. */
    static final int CHROMA_BIN = 8;

    static final int CHROMA_BINS = 512 / CHROMA_BIN;
    /** The background of a pixel is the mean over a square this many stroke radii either side. */
    static final int BACKGROUND_SPAN = 2;
    /**
     * Least evidence ({@link #remove}) of an overlay for its removal to be hashed: about half the candidates found
     * on photographs without one fall below it, while real overlays score 0.5-0.9.
     */
    static final double MIN_EVIDENCE = 0.5;

    /** {@code RISE[d A_STEPS + k]}: {@code floor(d / a)} for opacity step {@code k}, the colour above b it implies. */
    private static final int[] RISE = new int[256 * A_STEPS];

    static {
        for (int d = 0; d < 256; d++) {
            for (int k = 0; k < A_STEPS; k++) {
                RISE[d * A_STEPS + k] = (int) Math.floor(d / (A_MIN + k * A_STEP));
            }
        }
    }

    /**
     * Longest side of the plane overlays are looked for on and removed from: a stroke of text meant to be read
     * must span pixels whose blend is whole, not only anti-aliased edges.
     */
    static final int ANALYSIS_SIDE = LumaPlane.MAX_SIDE;

    /** Planes with a shorter side are not searched. */
    static final int MIN_SIDE = 32;
    /** {@link #strokeRadius}: the shorter side of the plane over this. */
    static final int STROKE_DIVISOR = 80;
    /** {@link #openingRadius}: the shorter side of the plane over this. */
    static final int OPENING_DIVISOR = 50;
    /** Index of the left-right mirror ({@link PdqVariant.Transform#FLIPY}) in {@link PdqResult#dihedral()}. */
    private static final int MIRROR_INDEX = 5;

    private byte[] grey = new byte[0];
    private byte[] removed = new byte[0];
    /** {@link #addVariants}: the plane without an overlay removed on luma alone, beside {@link #removed}'s colour. */
    private byte[] removedLuma = new byte[0];

    private int[] a = new int[0];
    private int[] lineAcc = new int[0];
    /** {@link #boxSum}: the row sums its column pass reads. */
    private int[] boxRows = new int[0];
    /** {@link #morph}: the rows of its row pass, each in its own array; a line, a shifted copy of it, the top rows. */
    private int[][] rows = new int[0][];

    private int[] line = new int[0];
    private int[] shifted = new int[0];
    private int[] top = new int[0];
    private int[][] open = new int[2][0];
    /** {@link #opening}: the plane being opened. */
    private int[] opened = new int[0];

    private final int[] votes = new int[A_STEPS * C_BINS];
    /** {@code pairs[b << 8 | q]}: how many pixels of value {@code q} have the background {@code b}. */
    private final int[] pairs = new int[256 * 256];
    /**
     * Inside the mask of the overlay being removed {@link #BLENDED}, {@link #GROWN} or {@link #OPAQUE}, else 0;
     * {@code near}: the mask before growing, dilated by one pixel (so {@link #OPAQUE} next to an opaque pixel).
     */
    private int[] mask = new int[0];

    private int[] near = new int[0];
    /** {@link #addVariants}: {@link #mask} and {@link #near} as {@link #prepare} left them, for the second removal. */
    private int[] maskBefore = new int[0];

    private int[] nearBefore = new int[0];
    /** {@link #remove}: the mean of the pixels around each pixel that are not next to the mask, and their count. */
    private int[] back = new int[0];

    private int[] weight = new int[0];
    /** {@link #grow}: the pixels added to the mask, in order, and the value of the blended pixel each grew from. */
    private int[] queue = new int[0];

    private int[] origin = new int[0];
    /**
     * {@link #loadColour}: the colour differences {@code B - Y} and {@code R - Y} of each plane pixel, and (in
     * {@link #remove}) their means over the same pixels as {@link #back}; {@link #colourLoaded} when they are
     * loaded.
     */
    private int[] chromaU = new int[0];

    private int[] chromaV = new int[0];
    /** {@link #loadColour}: one image row, and the blue, red and luma (thousandths) of its block centres. */
    private byte[] imageRow = new byte[0];

    private int[] blue = new int[0];
    private int[] red = new int[0];
    private int[] luma = new int[0];
    private int[] backU = new int[0];
    private int[] backV = new int[0];
    private boolean colourLoaded;
    /** {@link #remove}: whether this removal checks its mask against the colour. */
    private boolean checkColour;
    /** {@link #remove}: the overlay's own colour differences, read from its mask. */
    private int overlayU;

    private int overlayV;
    private final int[] chromaVotes = new int[CHROMA_BINS * CHROMA_BINS];
    /** For the overlay being removed: {@code blend[b]} the value of its colour over {@code b}; {@code unblend}, back. */
    private final double[] blend = new double[256];

    private final int[] unblend = new int[256];
    /** The opacity of the overlay being removed. */
    private double alpha;

    /**
     * An overlay found on a plane: {@code dark} when it darkens (found on the inverted plane), its opacity, the luma
     * of its colour (of the inverted plane when dark) and the votes it won by (its {@link #prominence}).
     */
    record Overlay(boolean dark, double alpha, int colour, int score) {}

    /**
     * The overlays of the {@code w x h} luma buffer {@code grey} (strokes up to {@code 2 radius + 1} pixels wide),
     * at most {@link #MAX_OVERLAYS}, best first (ties: bright before dark, then by opacity and colour).
     */
    List<Overlay> find(byte[] grey, int w, int h, int radius) {
        int n = w * h;
        if (a.length < n) {
            a = new int[n];
            open = new int[2][n];
            mask = new int[n];
            near = new int[n];
            back = new int[n];
            weight = new int[n];
            queue = new int[n];
            origin = new int[n];
        }
        List<Overlay> found = new ArrayList<>();
        for (int dark = 0; dark < 2; dark++) {
            // a dark overlay is a bright one of the inverted plane
            int[] b = open[dark];
            polarity(grey, n, dark == 1, a);
            erode(a, w, h, radius, b);
            dilate(b, w, h, radius, b);
            // pixels with the same (background, value) vote alike: count the pairs, then vote once per pair
            java.util.Arrays.fill(pairs, 0);
            for (int i = 0; i < n; i++) {
                if (a[i] - b[i] >= MIN_STEP) {
                    pairs[(b[i] << 8) | a[i]]++;
                }
            }
            java.util.Arrays.fill(votes, 0);
            for (int bg = 0; bg < 256 - MIN_STEP; bg++) {
                for (int q = bg + MIN_STEP; q < 256; q++) {
                    int count = pairs[(bg << 8) | q];
                    if (count == 0) {
                        continue;
                    }
                    int rise = (q - bg) * A_STEPS;
                    for (int k = 0; k < A_STEPS; k++) {
                        int c = bg + RISE[rise + k];
                        if (c < 256 + OVERSHOOT) {
                            votes[k * C_BINS + Math.min(C_BINS - 1, c / C_BIN)] += count;
                        }
                    }
                }
            }
            int[] score = new int[votes.length];
            for (int k = A_APART; k < A_PEAKS; k++) {
                for (int cb = 0; cb < C_BINS; cb++) {
                    score[k * C_BINS + cb] = prominence(k, cb);
                }
            }
            for (int round = 0; round < MAX_OVERLAYS; round++) {
                int best = -1;
                for (int i = 0; i < score.length; i++) {
                    if (best < 0 || score[i] > score[best]) {
                        best = i;
                    }
                }
                if (score[best] < MIN_SHARE * n) {
                    break;
                }
                int k = best / C_BINS;
                int cb = best % C_BINS;
                found.add(new Overlay(dark == 1, A_MIN + k * A_STEP, cb * C_BIN + C_BIN / 2, score[best]));
                // the next overlay must be another blend, not a neighbour of this one
                for (int kk = Math.max(0, k - A_APART); kk <= Math.min(A_STEPS - 1, k + A_APART); kk++) {
                    for (int c = Math.max(0, cb - SEPARATION); c <= Math.min(C_BINS - 1, cb + SEPARATION); c++) {
                        score[kk * C_BINS + c] = 0;
                    }
                }
            }
        }
        found.sort(Comparator.comparingInt(Overlay::score)
                .reversed()
                .thenComparing(Overlay::dark)
                .thenComparingDouble(Overlay::alpha)
                .thenComparingInt(Overlay::colour));
        return found.size() <= MAX_OVERLAYS ? found : found.subList(0, MAX_OVERLAYS);
    }

    /**
     * Writes into {@code out} the buffer {@code grey} (on which {@link #find} found {@code o} last) without the
     * overlay {@code o}: inside its mask (grown, {@link #grow}) the blend inverted, next to it the opening
     * (closing); its colour's opaque strokes ({@code q} at least {@link #MIN_STEP} above the opening and within
     * {@link #FIT_TOLERANCE} of the colour) and the pixels next to them (a drop shadow) the background {@code B}
     * defined below, or the opening where it has no pixels. Returns the evidence
     * that {@code o} is an overlay: over the mask, the share of the pixels' distance from their background that the
     * inversion took away (sum of {@code |q - B| - |p - B|} over sum of {@code |q - B|}), where the background
     * {@code B} of a pixel is the mean of the pixels within {@link #BACKGROUND_SPAN} stroke radii ({@code radius})
     * that are not in or next to the mask. Near 1 when the inverted strokes blend into what is around them; near 0
     * or below when the "strokes" were the picture's own bright (dark) texture, which the inversion only moves to
     * the other side of its surroundings. The opening under the strokes cannot tell these apart: it is low in
     * texture, where any bright detail fits some blend over it.
     */
    double remove(byte[] grey, int w, int h, int radius, Overlay o, byte[] out) {
        return remove(grey, w, h, radius, o, out, colourLoaded);
    }

    /** {@link #remove(byte[], int, int, int, Overlay, byte[])}, checking the colour only when {@code byColour}. */
    private double remove(byte[] grey, int w, int h, int radius, Overlay o, byte[] out, boolean byColour) {
        prepare(grey, w, h, radius, o, byColour);
        return finish(w, h, radius, o, out, byColour);
    }

    /**
     * The part of {@link #remove} that does not depend on the colour check: the blend tables, {@link #mask} and
     * {@link #near} before the check, and the box sums of {@link #back} and {@link #weight} (and, {@code withColour},
     * of {@link #backU} and {@link #backV}). Both removals of one overlay ({@link #addVariants}) start from it.
     */
    private void prepare(byte[] grey, int w, int h, int radius, Overlay o, boolean withColour) {
        int n = w * h;
        int[] b = open[o.dark() ? 1 : 0];
        polarity(grey, n, o.dark(), a);
        double al = o.alpha();
        alpha = al;
        int c = o.colour();
        for (int v = 0; v < 256; v++) {
            blend[v] = (1 - al) * v + al * c;
            unblend[v] = (int) Math.round((v - al * c) / (1 - al));
        }
        for (int i = 0; i < n; i++) {
            int q = a[i];
            int m = 0;
            if (q - b[i] >= MIN_STEP) {
                if (Math.abs(q - blend[b[i]]) <= FIT_TOLERANCE) {
                    m = BLENDED;
                } else if (q >= c - FIT_TOLERANCE) {
                    m = OPAQUE;
                }
            }
            mask[i] = m;
        }
        dilate(mask, w, h, 1, near);
        // evidence: against the mean of the pixels around that are not next to the mask
        for (int i = 0; i < n; i++) {
            weight[i] = near[i] == 0 ? 1 : 0;
            back[i] = weight[i] * a[i];
        }
        int span = BACKGROUND_SPAN * radius;
        if (withColour) {
            for (int i = 0; i < n; i++) {
                backU[i] = weight[i] * chromaU[i];
                backV[i] = weight[i] * chromaV[i];
            }
            boxSum(backU, w, h, span);
            boxSum(backV, w, h, span);
        }
        boxSum(back, w, h, span);
        boxSum(weight, w, h, span);
    }

    /**
     * The rest of {@link #remove} after {@link #prepare} (with colour when {@code byColour}): the colour check, the
     * evidence, the growing and the removed plane into {@code out}. Changes {@link #mask} and {@link #near}.
     */
    private double finish(int w, int h, int radius, Overlay o, byte[] out, boolean byColour) {
        checkColour = byColour;
        int n = w * h;
        int[] b = open[o.dark() ? 1 : 0];
        double al = alpha;
        if (checkColour) {
            keepColour(n, al);
            dilate(mask, w, h, 1, near);
        }
        long rise = 0;
        long gain = 0;
        for (int i = 0; i < n; i++) {
            if (mask[i] == BLENDED && weight[i] > 0) {
                int bg = (back[i] + weight[i] / 2) / weight[i];
                int q = a[i];
                int p = Math.max(0, Math.min(255, unblend[q]));
                rise += Math.abs(q - bg);
                gain += Math.abs(q - bg) - Math.abs(p - bg);
            }
        }
        grow(w, h, GROW_REACH * radius + 1);
        for (int i = 0; i < n; i++) {
            int q = a[i];
            int m = mask[i];
            int v;
            if (m == BLENDED || m == GROWN) {
                v = unblend[q];
            } else if (m == OPAQUE || near[i] == OPAQUE) {
                v = weight[i] > 0 ? (back[i] + weight[i] / 2) / weight[i] : b[i];
            } else if (q > b[i] && near[i] != 0) {
                v = b[i];
            } else {
                v = q;
            }
            v = Math.max(0, Math.min(255, v));
            out[i] = (byte) (o.dark() ? 255 - v : v);
        }
        return rise == 0 ? 0 : gain / (double) rise;
    }

    /**
     * {@link #remove} with colour ({@link #loadColour}): an overlay of colour differences {@code C} at opacity
     * {@code a} turns those of a pixel, {@code P}, into {@code (1 - a) P + a C}, as it does luma; a picture's own
     * bright (dark) texture that happens to fit the luma blend rarely does, its colour being its own (a white
     * overlay pales a green blade of grass by {@code 1 - a}, a lighter blade is as green or greener). Reads the
     * overlay's {@code C} as the most common {@code (Q - (1 - a) B) / a} over the {@link #BLENDED} pixels
     * ({@code B} their background's mean, as {@link #back}), then takes out of the mask the pixels farther than
     * {@link #COLOUR_TOLERANCE} from that blend in either difference. Needs {@link #back}, {@link #weight} and their
     * colour counterparts summed.
     */
    private void keepColour(int n, double al) {
        java.util.Arrays.fill(chromaVotes, 0);
        for (int i = 0; i < n; i++) {
            if (mask[i] == BLENDED && weight[i] > 0) {
                int u = (int) Math.round((chromaU[i] - (1 - al) * backU[i] / weight[i]) / al);
                int v = (int) Math.round((chromaV[i] - (1 - al) * backV[i] / weight[i]) / al);
                chromaVotes[chromaBin(v) * CHROMA_BINS + chromaBin(u)]++;
            }
        }
        // the cell with the most votes in it and its eight neighbours (the first in row order on a tie)
        int best = -1;
        int bestVotes = -1;
        for (int cv = 0; cv < CHROMA_BINS; cv++) {
            for (int cu = 0; cu < CHROMA_BINS; cu++) {
                int sum = 0;
                for (int dv = Math.max(0, cv - 1); dv <= Math.min(CHROMA_BINS - 1, cv + 1); dv++) {
                    for (int du = Math.max(0, cu - 1); du <= Math.min(CHROMA_BINS - 1, cu + 1); du++) {
                        sum += chromaVotes[dv * CHROMA_BINS + du];
                    }
                }
                if (sum > bestVotes) {
                    bestVotes = sum;
                    best = cv * CHROMA_BINS + cu;
                }
            }
        }
        overlayU = (best % CHROMA_BINS) * CHROMA_BIN + CHROMA_BIN / 2 - 256;
        overlayV = (best / CHROMA_BINS) * CHROMA_BIN + CHROMA_BIN / 2 - 256;
        for (int i = 0; i < n; i++) {
            if (mask[i] == BLENDED && !fitsColour(i, al)) {
                mask[i] = 0;
            }
        }
    }

    /** The colour-difference cell of {@code d} (clamped to -256 .. 255). */
    private static int chromaBin(int d) {
        return (Math.max(-256, Math.min(255, d)) + 256) / CHROMA_BIN;
    }

    /**
     * Whether pixel {@code i}'s colour differences are within {@link #COLOUR_TOLERANCE} of the blend at opacity
     * {@code al} of the overlay's ({@link #keepColour}) over its background's; true without colour or background.
     */
    private boolean fitsColour(int i, double al) {
        if (!checkColour || weight[i] == 0) {
            return true;
        }
        double u = (1 - al) * backU[i] / weight[i] + al * overlayU;
        double v = (1 - al) * backV[i] / weight[i] + al * overlayV;
        return Math.abs(chromaU[i] - u) <= COLOUR_TOLERANCE && Math.abs(chromaV[i] - v) <= COLOUR_TOLERANCE;
    }

    /**
     * Loads the colour of {@code image} for the {@code w x h} plane {@link #find} and {@link #remove} work on
     * (each plane pixel {@code scale x scale} image pixels): each plane pixel's colour differences {@code B - Y}
     * and {@code R - Y} (luma as the plane's), from the image pixel at the centre of its block (colour varies
     * slowly: image codecs keep it at half resolution or less). A grey image has none: {@link #remove} then works
     * on luma alone, as after {@link #clearColour}.
     */
    void loadColour(DecodedImage image, int scale, int w, int h) {
        int channels = image.channels();
        if (channels < 3) {
            clearColour();
            return;
        }
        int n = w * h;
        if (chromaU.length < n) {
            chromaU = new int[n];
            chromaV = new int[n];
            backU = new int[n];
            backV = new int[n];
        }
        if (blue.length < w) {
            blue = new int[w];
            red = new int[w];
            luma = new int[w];
        }
        int rowLen = image.width() * channels;
        if (imageRow.length < rowLen) {
            imageRow = new byte[rowLen];
        }
        java.nio.ByteBuffer px = image.pixels();
        for (int y = 0; y < h; y++) {
            int iy = Math.min(image.height() - 1, y * scale + scale / 2);
            // the row read at once, the block centres picked from it, then the differences in a loop of their own
            px.get(iy * image.rowStride(), imageRow, 0, rowLen);
            for (int x = 0; x < w; x++) {
                int at = Math.min(image.width() - 1, x * scale + scale / 2) * channels;
                int bl = imageRow[at] & 0xFF;
                int r = imageRow[at + 2] & 0xFF;
                blue[x] = bl;
                red[x] = r;
                luma[x] = 299 * r + 587 * (imageRow[at + 1] & 0xFF) + 114 * bl;
            }
            for (int x = 0, i = y * w; x < w; x++, i++) {
                chromaU[i] = Math.round((1000 * blue[x] - luma[x]) / 1000f);
                chromaV[i] = Math.round((1000 * red[x] - luma[x]) / 1000f);
            }
        }
        colourLoaded = true;
    }

    /** Forgets the colour {@link #loadColour} loaded: {@link #remove} works on luma alone. */
    void clearColour() {
        colourLoaded = false;
    }

    /**
     * Grows the {@link #BLENDED} pixels of {@link #mask} into the parts of strokes the opening kept (where a
     * stroke is wider than the opening's square, at joints and bends, the opening is the stroke itself, so nothing
     * there fits the blend over it): breadth first, up to {@code reach} steps to side neighbours, a pixel joins as
     * {@link #GROWN} when its value is within {@link #FIT_TOLERANCE} of the blended pixel it grows from and the
     * inversion brings it closer to its background {@code B} ({@link #remove}; needs {@link #back} and
     * {@link #weight} as {@code remove} leaves them), as it does an overlay's pixel and not a picture's own.
     */
    void grow(int w, int h, int reach) {
        int n = w * h;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (mask[i] == BLENDED) {
                queue[tail++] = i;
                origin[i] = a[i];
            }
        }
        int head = 0;
        for (int step = 1; step <= reach && head < tail; step++) {
            int end = tail;
            for (; head < end; head++) {
                int i = queue[head];
                int x = i % w;
                if (x > 0) {
                    tail = join(i - 1, origin[i], tail);
                }
                if (x < w - 1) {
                    tail = join(i + 1, origin[i], tail);
                }
                if (i >= w) {
                    tail = join(i - w, origin[i], tail);
                }
                if (i + w < n) {
                    tail = join(i + w, origin[i], tail);
                }
            }
        }
    }

    /** {@link #grow}: adds pixel {@code j} to the mask and the queue when it may join from value {@code o}. */
    private int join(int j, int o, int tail) {
        if (mask[j] != 0 || Math.abs(a[j] - o) > FIT_TOLERANCE || weight[j] == 0 || !fitsColour(j, alpha)) {
            return tail;
        }
        int bg = (back[j] + weight[j] / 2) / weight[j];
        int q = a[j];
        int p = Math.max(0, Math.min(255, unblend[q]));
        if (Math.abs(p - bg) >= Math.abs(q - bg)) {
            return tail;
        }
        mask[j] = GROWN;
        origin[j] = o;
        queue[tail] = j;
        return tail + 1;
    }

    /**
     * Replaces each value of the {@code w x h} buffer {@code v} by the sum over the square of side {@code 2 r + 1}
     * around it, clipped to the buffer: rows then columns, each with a running sum.
     */
    void boxSum(int[] v, int w, int h, int r) {
        if (lineAcc.length < Math.max(w, h) + 1) {
            lineAcc = new int[Math.max(w, h) + 1];
        }
        if (boxRows.length < w * h) {
            boxRows = new int[w * h];
        }
        int[] line = lineAcc;
        for (int y = 0; y < h; y++) {
            runningSum(v, y * w, w, r, line);
        }
        // columns: all of them step down the rows together, over a copy of the row sums (the rows are read in
        // order, not a column at a time across them)
        int[] in = boxRows;
        System.arraycopy(v, 0, in, 0, w * h);
        java.util.Arrays.fill(line, 0, w, 0);
        for (int y = 0; y < Math.min(r, h); y++) {
            addRow(line, in, y * w, w, 1);
        }
        for (int y = 0; y < h; y++) {
            int at = y * w;
            int add = (y + r) * w;
            int sub = (y - r - 1) * w;
            if (y + r < h && y - r - 1 >= 0) {
                // one pass for the row entering the window, the row leaving it and the output
                for (int x = 0; x < w; x++) {
                    int s = line[x] + in[add + x] - in[sub + x];
                    line[x] = s;
                    v[at + x] = s;
                }
                continue;
            }
            if (y + r < h) {
                addRow(line, in, add, w, 1);
            }
            if (y - r - 1 >= 0) {
                addRow(line, in, sub, w, -1);
            }
            System.arraycopy(line, 0, v, at, w);
        }
    }

    /** {@code sums[x] += sign * in[from + x]} for {@code x < w}. */
    private static void addRow(int[] sums, int[] in, int from, int w, int sign) {
        for (int x = 0; x < w; x++) {
            sums[x] += sign * in[from + x];
        }
    }

    /**
     * The clipped window sums of radius {@code r} along {@code len} values from {@code off}, as differences of the
     * prefix sums {@code prefix[0 .. len]}: branch-free loops (a running sum that tests both window ends at every
     * step was most of a box sum), the same integers.
     */
    private static void runningSum(int[] v, int off, int len, int r, int[] prefix) {
        int p = 0;
        prefix[0] = 0;
        for (int j = 0; j < len; j++) {
            p += v[off + j];
            prefix[j + 1] = p;
        }
        int j = 0;
        for (; j < Math.min(len, r); j++) {
            v[off + j] = prefix[Math.min(len, j + r + 1)];
        }
        for (; j + r + 1 <= len; j++) {
            v[off + j] = prefix[j + r + 1] - prefix[j - r];
        }
        for (; j < len; j++) {
            v[off + j] = prefix[len] - prefix[j - r];
        }
    }

    private static void polarity(byte[] grey, int n, boolean invert, int[] into) {
        for (int i = 0; i < n; i++) {
            int v = grey[i] & 0xFF;
            into[i] = invert ? 255 - v : v;
        }
    }

    /**
     * Adds the {@link PdqVariant.Kind#UNMARK} variants of {@code image}, whose luma plane is {@code plane}: when an
     * overlay is found on the plane (strokes up to {@link #strokeRadius} wide), the plane without it, hashed as is
     * ({@link PdqVariant.Transform#ORIGINAL}) and mirrored left to right ({@link PdqVariant.Transform#FLIPY}), of
     * quality at least {@code minQuality}; the rectangle is the whole image. On a colour image the overlay is removed
     * twice, its mask checked against the image's colour ({@link #loadColour}) and on luma alone, and both planes
     * are hashed (the second only when it differs): the colour check takes a picture's own detail out of the mask,
     * but where detail of the overlay's colour stays in it the two removals leave different residues, and either
     * can be the one a few bits nearer the original.
     */
    void addVariants(
            DecodedImage image,
            LumaPlane plane,
            PdqVariant.Rect whole,
            PdqHasher hasher,
            int minQuality,
            List<PdqVariant> out) {
        if (!loadGrey(plane)) {
            return;
        }
        int w = plane.width();
        int h = plane.height();
        int n = w * h;
        int radius = strokeRadius(w, h);
        List<Overlay> found = find(grey, w, h, radius);
        if (!found.isEmpty()) {
            loadColour(image, plane.scale(), w, h);
        }
        for (Overlay o : found) {
            // the two removals differ only from the colour check on: the rest is computed once
            prepare(grey, w, h, radius, o, colourLoaded);
            if (colourLoaded) {
                if (maskBefore.length < n) {
                    maskBefore = new int[n];
                    nearBefore = new int[n];
                }
                System.arraycopy(mask, 0, maskBefore, 0, n);
                System.arraycopy(near, 0, nearBefore, 0, n);
            }
            if (finish(w, h, radius, o, removed, colourLoaded) >= MIN_EVIDENCE) {
                addUnmarked(removed, w, h, whole, hasher, minQuality, out);
            }
            if (colourLoaded) {
                System.arraycopy(maskBefore, 0, mask, 0, n);
                System.arraycopy(nearBefore, 0, near, 0, n);
                if (finish(w, h, radius, o, removedLuma, false) >= MIN_EVIDENCE
                        && !java.util.Arrays.equals(removed, 0, n, removedLuma, 0, n)) {
                    addUnmarked(removedLuma, w, h, whole, hasher, minQuality, out);
                }
            }
        }
    }

    /** Adds the hashes of a plane without an overlay, as is then mirrored, when of quality at least {@code minQuality}. */
    private static void addUnmarked(
            byte[] unmarked,
            int w,
            int h,
            PdqVariant.Rect whole,
            PdqHasher hasher,
            int minQuality,
            List<PdqVariant> out) {
        PdqResult r = hasher.hash(DecodedImage.ofPixels(unmarked, w, h, 1, ImageFormat.PNG), true);
        if (r.quality() < minQuality) {
            return;
        }
        out.add(new PdqVariant(PdqVariant.Kind.UNMARK, PdqVariant.Transform.ORIGINAL, whole, r.hash(), r.quality()));
        out.add(new PdqVariant(
                PdqVariant.Kind.UNMARK,
                PdqVariant.Transform.FLIPY,
                whole,
                r.dihedral().get(MIRROR_INDEX),
                r.quality()));
    }

    /**
     * Copies {@code plane}'s grey levels into {@link #grey} (and sizes {@link #removed} alike); false, with nothing
     * copied, for a plane whose shorter side is under {@link #MIN_SIDE}.
     */
    private boolean loadGrey(LumaPlane plane) {
        int w = plane.width();
        int h = plane.height();
        if (Math.min(w, h) < MIN_SIDE) {
            return false;
        }
        if (grey.length < w * h) {
            grey = new byte[w * h];
            removed = new byte[w * h];
            removedLuma = new byte[w * h];
        }
        plane.asImage().pixels().get(0, grey, 0, w * h);
        return true;
    }

    /**
     * Adds the {@link PdqVariant.Kind#OPENING} variant of an image whose reduced luma plane is {@code plane}: the
     * plane's {@link #opening} over squares {@link #openingRadius} either side, hashed as is
     * ({@link PdqVariant.Transform#ORIGINAL}) when of quality at least {@code minQuality}; the rectangle is the whole
     * image. Nothing for a plane whose shorter side is under {@link #MIN_SIDE}.
     */
    void addOpening(LumaPlane plane, PdqVariant.Rect whole, PdqHasher hasher, int minQuality, List<PdqVariant> out) {
        if (!loadGrey(plane)) {
            return;
        }
        int w = plane.width();
        int h = plane.height();
        opening(grey, w, h, openingRadius(w, h), removed);
        PdqResult r = hasher.hash(DecodedImage.ofPixels(removed, w, h, 1, ImageFormat.PNG), false);
        if (r.quality() >= minQuality) {
            out.add(new PdqVariant(
                    PdqVariant.Kind.OPENING, PdqVariant.Transform.ORIGINAL, whole, r.hash(), r.quality()));
        }
    }

    /**
     * Writes into {@code out} the grey-level opening of the {@code w x h} buffer {@code grey}: the erosion, then the
     * dilation, over squares of side {@code 2 radius + 1} clipped to the buffer ({@link #morph}). Bright detail
     * narrower than the square is flattened into what is around it; the rest keeps its place and level. Requires
     * {@code radius < min(w, h)}.
     */
    void opening(byte[] grey, int w, int h, int radius, byte[] out) {
        int n = w * h;
        if (opened.length < n) {
            opened = new int[n];
        }
        polarity(grey, n, false, opened);
        erode(opened, w, h, radius, opened);
        dilate(opened, w, h, radius, opened);
        for (int i = 0; i < n; i++) {
            out[i] = (byte) opened[i];
        }
    }

    /**
     * Half the side of the squares {@link #addOpening} opens a {@code w x h} plane over: text written to be read
     * across a picture is drawn at a seventh of its height or more, bold strokes about a fiftieth of the height wide;
     * a square two strokes wide also spans their joints, while the picture's own shapes of that size and more stay.
     */
    static int openingRadius(int w, int h) {
        return Math.max(2, Math.min(w, h) / OPENING_DIVISOR);
    }

    /**
     * Half the widest stroke looked for on a {@code w x h} plane: text meant to be read across a picture is drawn
     * at a tenth of its height or more, with strokes about a seventh of that; thinner strokes, at most a pixel of
     * the 64 x 64 image PDQ keeps, move few bits.
     */
    static int strokeRadius(int w, int h) {
        return Math.max(2, Math.min(w, h) / STROKE_DIVISOR);
    }

    /**
     * The votes of cell (opacity {@code k}, colour {@code cb}) less the most votes of the cells {@link #A_APART}
     * opacity steps either side at a neighbouring colour: an overlay's pixels meet in one cell, while a picture's
     * own texture ({@code q} a little above {@code b}) votes for nearly the same colour at every opacity (a ridge).
     */
    private int prominence(int k, int cb) {
        int v = votes[k * C_BINS + cb];
        int around = 0;
        for (int kk : new int[] {k - A_APART, k + A_APART}) {
            if (kk < 0 || kk >= A_STEPS) {
                continue;
            }
            for (int c = Math.max(0, cb - 1); c <= Math.min(C_BINS - 1, cb + 1); c++) {
                around = Math.max(around, votes[kk * C_BINS + c]);
            }
        }
        return v - around;
    }

    private void erode(int[] in, int w, int h, int r, int[] out) {
        morph(in, w, h, r, out, false);
    }

    private void dilate(int[] in, int w, int h, int r, int[] out) {
        morph(in, w, h, r, out, true);
    }

    /**
     * Grey-level erosion (dilation when {@code max}) over squares of side {@code 2 r + 1}, clipped to the plane; in
     * and out may be one. Rows then columns; along each, the extreme over the window is built by doubling spans, a
     * few passes whatever the radius, and the first {@code r} positions (whose window is cut by the edge) from a
     * running extreme. Each row of the row pass is kept in an array of its own ({@link #rows}), so that every pass
     * combines two arrays at the same index (a line with a copy of itself shifted, a row with the row {@code
     * step} below), a loop the JIT vectorises; one flat array read at two offsets is not. Requires {@code r <
     * min(w, h)}.
     */
    void morph(int[] in, int w, int h, int r, int[] out, boolean max) {
        if (rows.length < h || rows[0].length < w) {
            rows = new int[Math.max(h, rows.length)][Math.max(w, rows.length == 0 ? 0 : rows[0].length)];
        }
        if (line.length < w) {
            line = new int[w];
            shifted = new int[w];
        }
        int span = 2 * r + 1;
        for (int y = 0; y < h; y++) {
            int at = y * w;
            System.arraycopy(in, at, line, 0, w);
            // line[x]: the extreme of in[x .. x + covered - 1], clipped at the end
            for (int covered = 1; covered < span; ) {
                int step = Math.min(covered, span - covered);
                System.arraycopy(line, step, shifted, 0, w - step);
                extremeInto(line, shifted, w - step, max);
                covered += step;
            }
            int[] row = rows[y];
            System.arraycopy(line, 0, row, r, w - r);
            int e = in[at];
            for (int x = 1; x < r; x++) {
                e = max ? Math.max(e, in[at + x]) : Math.min(e, in[at + x]);
            }
            for (int x = 0; x < r; x++) {
                if (x + r < w) {
                    e = max ? Math.max(e, in[at + x + r]) : Math.min(e, in[at + x + r]);
                }
                row[x] = e;
            }
        }
        // rows 0 .. r - 1 are the extremes of rows 0 .. y + r of the row pass, each from the one above
        System.arraycopy(rows[0], 0, line, 0, w);
        for (int y = 1; y <= r; y++) {
            extremeInto(line, rows[y], w, max);
        }
        if (top.length < r * w) {
            top = new int[r * w];
        }
        for (int y = 0; y < r; y++) {
            if (y > 0 && y + r < h) {
                extremeInto(line, rows[y + r], w, max);
            }
            System.arraycopy(line, 0, top, y * w, w);
        }
        // rows[y]: the extreme of rows y .. y + covered - 1 of the row pass, clipped at the bottom; row y + step is
        // read before it is changed
        for (int covered = 1; covered < span; ) {
            int step = Math.min(covered, span - covered);
            for (int y = 0; y + step < h; y++) {
                extremeInto(rows[y], rows[y + step], w, max);
            }
            covered += step;
        }
        for (int y = r; y < h; y++) {
            System.arraycopy(rows[y - r], 0, out, y * w, w);
        }
        System.arraycopy(top, 0, out, 0, r * w);
    }

    /** {@code acc[j] = max (min) of itself and src[j]} for {@code j < len}. */
    private static void extremeInto(int[] acc, int[] src, int len, boolean max) {
        if (max) {
            for (int j = 0; j < len; j++) {
                acc[j] = Math.max(acc[j], src[j]);
            }
        } else {
            for (int j = 0; j < len; j++) {
                acc[j] = Math.min(acc[j], src[j]);
            }
        }
    }
}
