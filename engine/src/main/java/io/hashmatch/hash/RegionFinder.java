package io.hashmatch.hash;

import io.hashmatch.hash.PdqVariant.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Finds the regions of a {@link LumaPlane} worth hashing as variants, in plane pixels, deterministically (integer
 * arithmetic on the plane only). {@code engine/VARIANTS.md} describes each step and its thresholds.
 *
 * <p>The building block is the <em>dominance</em> of a line (a row or column segment): the largest share of its
 * pixels whose luma lies within {@link #TOLERANCE} levels of one value. A uniform border line has dominance 1, a
 * line through text on a plain band stays high (the background dominates), a line through a photograph is low.
 *
 * <p>Not thread-safe: owns a histogram; one instance per plane.
 */
final class RegionFinder {
    /** Luma levels either side of a value that count as the same colour (JPEG noise, anti-aliasing). */
    static final int TOLERANCE = 5;
    /** The second line past a band holds less than this share of the band's colour (the band's edge is straight). */
    static final double CLEAN_EDGE = 0.3;
    /** The outermost line of a border, bar or band has at least this dominance: uniform along its whole length. */
    static final double BORDER_UNIFORM = 0.9;
    /**
     * A line with at least this share of pixels close to one colour is uniform: stripped from an edge before any
     * band is judged. The pixels off the colour are fewer than a hashable region's side ({@link #MIN_SIDE} of a
     * {@link LumaPlane#MAX_SIDE} plane is 4.7 %), so a line through a photo worth hashing is never uniform.
     */
    static final double UNIFORM_LINE = 0.98;
    /** A line with at least this share of pixels close to its edge's colour belongs to the border or band. */
    static final double BAND_DOMINANCE = 0.5;
    /** Trimmed edges hold at least this share of band lines (text lines inside a band may fall below). */
    static final double BAND_SHARE = 0.6;
    /** At most this share of a side is trimmed from each edge. */
    static final double MAX_TRIM_PER_EDGE = 0.45;
    /** A trim is a variant only when it removes at least this share of the width or of the height. */
    static final double MIN_TRIM = 0.03;
    /** A gutter line between tiles has at least this dominance along the whole span. */
    static final double GUTTER_DOMINANCE = 0.95;
    /** Each tile spans at least this share of the split side. */
    static final double MIN_TILE_SHARE = 0.15;
    /** Most tiles kept per image (largest first). */
    static final int MAX_TILES = 9;
    /** Block side (plane pixels) of the photo-like mask used to find an embedded rectangle. */
    static final int BLOCK = 8;
    /** A block is flat colour when this share of its pixels lies within one level of one value. */
    static final double UI_FLAT_SHARE = 0.9;
    /** A flat colour covering at least this share of the plane's blocks is a colour of the drawn surface. */
    static final double UI_COLOUR_SHARE = 0.05;
    /** A block with this share of one surface colour is drawn (text or icons on the surface). */
    static final double UI_SURFACE_SHARE = 0.5;
    /** A block is text on flat colour when this share of its pixels lies within one level of two values... */
    static final double UI_TEXT_SHARE = 0.8;
    /** ... that are at least this many levels apart, the second (the ink) covering at least this share. */
    static final double UI_TEXT_MIN_INK = 0.1;
    /** Contrast of text on flat colour. */
    static final int UI_TEXT_CONTRAST = 32;
    /** An embedded rectangle covers between these shares of the plane. */
    static final double MIN_EMBEDDED_AREA = 0.05;

    static final double MAX_EMBEDDED_AREA = 0.85;
    /** Outside an embedded rectangle, at most this share of blocks is photo-like (a screenshot's UI is not). */
    static final double MAX_PHOTO_OUTSIDE = 0.5;
    /** Smallest region side worth hashing, in plane pixels. */
    static final int MIN_SIDE = 24;
    /**
     * List-side crops: the largest keeps this share of each side; each next scale is {@link #CROP_RATIO} times
     * smaller, down to {@link #CROP_MIN}. PDQ takes a scale change of 2 % far better than a shift of 1 %.
     */
    static final double CROP_MAX = 0.95;

    static final double CROP_RATIO = 1.045;
    static final double CROP_MIN = 0.70;
    /**
     * Positions a side of the largest crops: a mirrored copy with a small crop is matched through its own dihedral
     * hash, with no frame to line it up, so these sit at the {@link VariantDeriver#UNCROP_ANCHORS} of the margin (a
     * cut anywhere is at most a tenth of the margin, half a percent of the side, from one).
     */
    static final int CROP_MAX_POSITIONS = VariantDeriver.UNCROP_ANCHORS.length;
    /** Overlapping grid of the list side: cells of half of each side, at 0, 1/4 and 1/2 of it. */
    static final int GRID_STEPS = 3;

    /** A region of the plane and why it was chosen. */
    record Region(Kind kind, int x, int y, int width, int height) {
        int right() {
            return x + width;
        }

        int bottom() {
            return y + height;
        }
    }

    private final LumaPlane plane;
    private final int[] hist = new int[256];
    /** {@link #uiBlock}'s histogram, all zeros between calls. */
    private final int[] blockHist = new int[256];
    /** The main value and its share of the last block {@link #uiBlock} looked at. */
    private int uiMode;

    private double uiShare;
    /** The colours of the drawn surface found by {@link #embedded}. */
    private boolean[] uiColour = new boolean[256];
    /** The most frequent value in the densest window found by the last {@link #dominance} call. */
    private int mode;
    /** The colour of the first gutter the last {@link #gutters} call split along. */
    private int gutterColour = -1;

    RegionFinder(LumaPlane plane) {
        this.plane = plane;
    }

    /**
     * The list-side crops of a {@code w x h} plane, largest first, each scale row by row: at each scale, positions
     * from one edge to the other, spaced by the margin of a query's uncrop frame of that size ({@code s *
     * UNCROP_FRACTION} of each side), so that a crop cut anywhere from the original, placed back in its nearest
     * frame, lines up with one of them; the largest at {@link #CROP_MAX_POSITIONS} a side.
     */
    static List<Region> crops(int w, int h) {
        List<Region> out = new ArrayList<>();
        // scales are computed from an integer step so that every platform gets the same list
        for (int k = 0; ; k++) {
            double s = CROP_MAX / Math.pow(CROP_RATIO, k);
            if (s < CROP_MIN) {
                break;
            }
            int cw = (int) Math.round(w * s);
            int ch = (int) Math.round(h * s);
            int n = k == 0
                    ? CROP_MAX_POSITIONS
                    : (int) Math.ceil((1 - s) / (s * VariantDeriver.UNCROP_FRACTION) - 1e-9) + 1;
            for (int iy = 0; iy < n; iy++) {
                for (int ix = 0; ix < n; ix++) {
                    int x = (int) Math.round(ix * (w - cw) / (double) (n - 1));
                    int y = (int) Math.round(iy * (h - ch) / (double) (n - 1));
                    out.add(new Region(Kind.CROP, x, y, cw, ch));
                }
            }
        }
        return out;
    }

    /** The regions of the plane for the given kinds, in the order of {@link Kind}; never the whole plane. */
    List<Region> regions(Set<Kind> kinds) {
        List<Region> out = new ArrayList<>();
        int w = plane.width();
        int h = plane.height();
        Region all = new Region(Kind.TRIM, 0, 0, w, h);
        Region trimmed = trim(all);
        if (kinds.contains(Kind.TRIM) && differs(trimmed, all) && big(trimmed)) {
            out.add(trimmed);
        }
        // the embedded region before the tiles: the cap on variants cuts tiles first
        if (kinds.contains(Kind.EMBEDDED)) {
            Region e = embedded();
            if (e != null && differs(e, trimmed) && differs(e, all)) {
                out.add(e);
            }
        }
        if (kinds.contains(Kind.TILE)) {
            List<Region> tiles = new ArrayList<>();
            split(trimmed, 0, -1, tiles);
            if (tiles.size() > 1) {
                tiles.sort(Comparator.comparingLong((Region r) -> -(long) r.width() * r.height())
                        .thenComparingInt(Region::y)
                        .thenComparingInt(Region::x));
                out.addAll(tiles.subList(0, Math.min(MAX_TILES, tiles.size())));
            }
        }
        if (kinds.contains(Kind.CROP)) {
            out.addAll(crops(w, h));
        }
        if (kinds.contains(Kind.GRID)) {
            int cw = w / 2;
            int ch = h / 2;
            for (int gy = 0; gy < GRID_STEPS; gy++) {
                for (int gx = 0; gx < GRID_STEPS; gx++) {
                    int x = gx * (w - cw) / (GRID_STEPS - 1);
                    int y = gy * (h - ch) / (GRID_STEPS - 1);
                    out.add(new Region(Kind.GRID, x, y, cw, ch));
                }
            }
        }
        out.removeIf(r -> r.width() < MIN_SIDE || r.height() < MIN_SIDE);
        return out;
    }

    /** True unless the two regions are the same within 2 plane pixels on every edge. */
    private static boolean differs(Region a, Region b) {
        return Math.abs(a.x() - b.x()) > 2
                || Math.abs(a.y() - b.y()) > 2
                || Math.abs(a.right() - b.right()) > 2
                || Math.abs(a.bottom() - b.bottom()) > 2;
    }

    /** True when the region is smaller than the plane by at least {@link #MIN_TRIM} of a side. */
    private boolean big(Region r) {
        return r.width() <= plane.width() * (1 - MIN_TRIM) || r.height() <= plane.height() * (1 - MIN_TRIM);
    }

    // ---- trim -------------------------------------------------------------------------------------------

    /**
     * The region left when border, bar and text-band lines are removed from the edges of {@code r}. Each pass
     * trims one axis, the one whose outermost lines are the more dominant (so that bars on the left and right,
     * which pollute every row, are removed before rows are judged), until neither axis changes.
     */
    Region trim(Region r) {
        return trim(r, BAND_DOMINANCE, -1);
    }

    /**
     * {@link #trim(Region)} with {@code bandDominance} in place of {@link #BAND_DOMINANCE}, trimming only bands of
     * {@code onlyColour} (within {@link #TOLERANCE}) unless it is -1.
     */
    private Region trim(Region r, double bandDominance, int onlyColour) {
        // each edge trims one colour: once a band of that colour is gone, what follows is content even if uniform
        int[] edgeColour = {onlyColour, onlyColour, onlyColour, onlyColour};
        // uniform lines first, from all four edges: a line across side bars is mostly bar colour even where it
        // crosses the photo, so bands are judged only once the bars on the other axis are gone
        int[] e = stripUniform(r, edgeColour);
        // an edge that lost uniform lines goes on with its band without a uniform outermost line (a text line)
        boolean[] stripped = {e[0] > r.y(), e[1] < r.bottom(), e[2] > r.x(), e[3] < r.right()};
        int x0 = e[2];
        int y0 = e[0];
        int x1 = e[3];
        int y1 = e[1];
        for (int pass = 0; pass < 6 && x1 - x0 >= MIN_SIDE && y1 - y0 >= MIN_SIDE; pass++) {
            // edges: top, bottom, left, right; each trims a run of lines close to its outermost line's colour
            int[] run = new int[4];
            int[] candidate = new int[4];
            int[] candidateColour = new int[4];
            boolean[] clean = new boolean[4];
            double[] outer = new double[4];
            for (int edge = 0; edge < 4; edge++) {
                boolean rows = edge < 2;
                boolean fromEnd = edge % 2 == 1;
                int n = rows ? y1 - y0 : x1 - x0;
                int first = rows ? (fromEnd ? y1 - 1 : y0) : (fromEnd ? x1 - 1 : x0);
                double d0 = rows ? rowDominance(first, x0, x1) : colDominance(first, y0, y1);
                outer[edge] = stripped[edge] ? 1 : d0;
                int colour = stripped[edge] ? edgeColour[edge] : mode;
                if (!stripped[edge]
                        && (d0 < Math.max(BORDER_UNIFORM, bandDominance)
                                || (edgeColour[edge] >= 0 && Math.abs(colour - edgeColour[edge]) > TOLERANCE))) {
                    continue; // a border, bar or band is uniform along its whole outermost line
                }
                int limit = (int) (n * MAX_TRIM_PER_EDGE);
                double[] share = new double[limit + 2];
                for (int k = 0; k < share.length && k < n; k++) {
                    int line = fromEnd ? first - k : first + k;
                    share[k] = rows ? rowShare(line, x0, x1, colour) : colShare(line, y0, y1, colour);
                }
                int found = edgeRun(share, limit, bandDominance);
                candidate[edge] = found;
                candidateColour[edge] = colour;
                // a band ends at a straight edge: the content just past it has little of the band's colour
                clean[edge] = found > 0 && share[found + 1] < CLEAN_EDGE;
            }
            for (int edge = 0; edge < 4; edge++) {
                int o = edge ^ 1; // the opposite edge
                // bars and borders come in pairs: two bands of one colour and one width frame the content even
                // where the content next to them is dark or plain like the bands
                boolean paired = candidate[edge] > 0
                        && candidate[o] > 0
                        && Math.abs(candidateColour[edge] - candidateColour[o]) <= TOLERANCE
                        && Math.abs(candidate[edge] - candidate[o]) <= Math.max(2, candidate[edge] / 20);
                if (clean[edge] || paired) {
                    run[edge] = candidate[edge];
                    edgeColour[edge] = candidateColour[edge];
                }
                stripped[edge] = false;
            }
            boolean rowsChange = run[0] + run[1] > 0;
            boolean colsChange = run[2] + run[3] > 0;
            if (!rowsChange && !colsChange) {
                break;
            }
            double rowOuter = Math.max(outer[0], outer[1]);
            double colOuter = Math.max(outer[2], outer[3]);
            if (rowsChange && (!colsChange || rowOuter >= colOuter)) {
                y0 += run[0];
                y1 -= run[1];
            } else {
                x0 += run[2];
                x1 -= run[3];
            }
        }
        return new Region(r.kind(), x0, y0, x1 - x0, y1 - y0);
    }

    /**
     * The edges (top, bottom, left, right: y0, y1, x0, x1) of {@code r} once runs of {@link #UNIFORM_LINE} lines
     * are stripped from all four edges, repeatedly until none is left (a bar on one axis hides the uniform lines
     * of the other). Each edge strips lines of its outermost uniform line's colour, of {@code edgeColour[edge]}
     * when that is set (not -1), and records the colour it stripped there. At least {@link #MIN_SIDE} lines stay.
     */
    private int[] stripUniform(Region r, int[] edgeColour) {
        int[] e = {r.y(), r.bottom(), r.x(), r.right()};
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int edge = 0; edge < 4; edge++) {
                boolean rows = edge < 2;
                boolean fromEnd = edge % 2 == 1;
                int lo = rows ? e[2] : e[0];
                int hi = rows ? e[3] : e[1];
                int colour = edgeColour[edge];
                int n = 0;
                while ((rows ? e[1] - e[0] : e[3] - e[2]) - n > MIN_SIDE) {
                    int line = fromEnd ? e[edge] - 1 - n : e[edge] + n;
                    double d = rows ? rowDominance(line, lo, hi) : colDominance(line, lo, hi);
                    if (d < UNIFORM_LINE || (colour >= 0 && Math.abs(mode - colour) > TOLERANCE)) {
                        break;
                    }
                    if (colour < 0) {
                        colour = mode;
                    }
                    n++;
                }
                if (n > 0) {
                    e[edge] += fromEnd ? -n : n;
                    edgeColour[edge] = colour;
                    changed = true;
                }
            }
        }
        return e;
    }

    /**
     * The number of lines to trim from one edge, given each line's share of pixels close to the edge's colour
     * (outermost first): the longest run, at most {@link #MAX_TRIM_PER_EDGE} of the lines, that ends on a band
     * line (share at least {@code bandDominance}) and holds at least {@link #BAND_SHARE} band lines.
     */
    private static int edgeRun(double[] share, int limit, double bandDominance) {
        int count = 0;
        int best = 0;
        for (int k = 1; k <= limit; k++) {
            if (share[k - 1] >= bandDominance) {
                count++;
                if (count >= BAND_SHARE * k) {
                    best = k;
                }
            }
        }
        return best;
    }

    // ---- tiles ------------------------------------------------------------------------------------------

    /**
     * Splits {@code r} along gutters, recursively (up to 3 levels), into {@code out}; below the first level, only
     * along gutters of the first level's colour ({@code colour}, -1 at the first level): a collage's gutters have
     * one colour, and a plain part of a tile (a sky, a gradient) is uniform line by line in colours of its own.
     */
    private void split(Region r, int depth, int colour, List<Region> out) {
        if (depth < 3 && out.size() < 4 * MAX_TILES) {
            List<int[]> cols = gutters(r, true, colour);
            List<int[]> rows = cols.isEmpty() ? gutters(r, false, colour) : List.of();
            List<int[]> pieces = !cols.isEmpty() ? cols : rows;
            int gutter = colour >= 0 ? colour : gutterColour; // read before the recursion finds gutters of its own
            if (!pieces.isEmpty()) {
                for (int[] p : pieces) {
                    Region piece = !cols.isEmpty()
                            ? new Region(Kind.TILE, p[0], r.y(), p[1] - p[0], r.height())
                            : new Region(Kind.TILE, r.x(), p[0], r.width(), p[1] - p[0]);
                    // only gutter remnants are trimmed from a piece: its own content may be plain near an edge
                    split(trim(piece, GUTTER_DOMINANCE, gutter), depth + 1, gutter, out);
                }
                return;
            }
        }
        if (depth > 0 && r.width() >= MIN_SIDE && r.height() >= MIN_SIDE) {
            out.add(new Region(Kind.TILE, r.x(), r.y(), r.width(), r.height()));
        }
    }

    /**
     * The pieces [from, to) of {@code r} between full-span gutters along x ({@code vertical}) or y; empty when
     * there is no gutter leaving pieces of at least {@link #MIN_TILE_SHARE} of the side. A gutter is a run of
     * uniform lines of one colour (within {@link #TOLERANCE} of its first line's, and of {@code colour} unless it is
     * -1): a plain tile next to it (a sky, a gradient) is uniform line by line too, but in other colours; a single
     * line of another colour at either end of it is its edge blended with a tile. Sets {@link #gutterColour} to the
     * colour of the first gutter's most uniform line.
     */
    private List<int[]> gutters(Region r, boolean vertical, int colour) {
        int from = vertical ? r.x() : r.y();
        int to = vertical ? r.right() : r.bottom();
        int minPiece = Math.max(MIN_SIDE, (int) Math.ceil((to - from) * MIN_TILE_SHARE));
        List<int[]> pieces = new ArrayList<>();
        int start = from;
        int i = from;
        while (i < to) {
            int runColour = gutterLine(r, vertical, i, colour);
            if (runColour < 0) {
                i++;
                continue;
            }
            int end = runEnd(r, vertical, i, runColour, to);
            // a plane line across a gutter's edge blends gutter and tile, and is uniform where the tile's edge is: a
            // one-line run of another colour just before or after a longer run belongs to that gutter
            if (end - i == 1 && end < to) {
                int next = gutterLine(r, vertical, end, colour);
                int nextEnd = next < 0 ? end : runEnd(r, vertical, end, next, to);
                if (nextEnd - end > 1) {
                    end = nextEnd;
                }
            }
            if (end < to) {
                int after = gutterLine(r, vertical, end, colour);
                if (after >= 0 && runEnd(r, vertical, end, after, to) == end + 1) {
                    end++;
                }
            }
            if (i - start >= minPiece && to - end >= minPiece) {
                if (pieces.isEmpty()) {
                    gutterColour = purestColour(r, vertical, i, end);
                }
                pieces.add(new int[] {start, i});
                start = end;
            }
            i = end;
        }
        if (pieces.isEmpty()) {
            return List.of();
        }
        pieces.add(new int[] {start, to});
        return pieces;
    }

    /** The colour of the most uniform of lines [from, to) of {@code r} (the first of equals): a gutter's own. */
    private int purestColour(Region r, boolean vertical, int from, int to) {
        double best = -1;
        int colour = -1;
        for (int at = from; at < to; at++) {
            double d = vertical ? colDominance(at, r.y(), r.bottom()) : rowDominance(at, r.x(), r.right());
            if (d > best) {
                best = d;
                colour = mode;
            }
        }
        return colour;
    }

    /** The end of the run of gutter lines of {@code colour} that starts with gutter line {@code from}. */
    private int runEnd(Region r, boolean vertical, int from, int colour, int to) {
        int end = from + 1;
        while (end < to && gutterLine(r, vertical, end, colour) >= 0) {
            end++;
        }
        return end;
    }

    /**
     * The colour of line {@code at} of {@code r} (a column when {@code vertical}) when it can be part of a gutter:
     * dominance at least {@link #GUTTER_DOMINANCE} over the whole span, of {@code colour} (within {@link #TOLERANCE})
     * unless it is -1; else -1.
     */
    private int gutterLine(Region r, boolean vertical, int at, int colour) {
        double d = vertical ? colDominance(at, r.y(), r.bottom()) : rowDominance(at, r.x(), r.right());
        if (d < GUTTER_DOMINANCE || (colour >= 0 && Math.abs(mode - colour) > TOLERANCE)) {
            return -1;
        }
        return mode;
    }

    // ---- embedded ---------------------------------------------------------------------------------------

    /**
     * The largest rectangle of photo-like blocks, refined to pixels by trimming it (grown by a block on each
     * side) like a border; null unless it covers {@link #MIN_EMBEDDED_AREA}..{@link #MAX_EMBEDDED_AREA} of the
     * plane and the blocks outside it are mostly not photo-like.
     */
    private @org.jspecify.annotations.Nullable Region embedded() {
        int bw = plane.width() / BLOCK;
        int bh = plane.height() / BLOCK;
        if (bw < 3 || bh < 3) {
            return null;
        }
        int blocks = bw * bh;
        int[] blockMode = new int[blocks];
        double[] blockShare = new double[blocks];
        boolean[] text = new boolean[blocks];
        int[] flatBlocks = new int[256];
        for (int b = 0; b < blocks; b++) {
            text[b] = uiBlock((b % bw) * BLOCK, (b / bw) * BLOCK);
            blockMode[b] = uiMode;
            blockShare[b] = uiShare;
            if (uiShare >= UI_SURFACE_SHARE) {
                flatBlocks[uiMode]++;
            }
        }
        // The colours of the drawn surface: flat colours that cover a good share of the plane (a chat's
        // background, its bubbles, bars). A plain area inside a photo (a sky) rarely covers that much of a screen.
        uiColour = new boolean[256];
        for (int v = 0; v < 256; v++) {
            int c = 0;
            for (int u = Math.max(0, v - 1); u <= Math.min(255, v + 1); u++) {
                c += flatBlocks[u];
            }
            uiColour[v] = c >= UI_COLOUR_SHARE * blocks;
        }
        boolean[] photo = new boolean[blocks];
        int photoBlocks = 0;
        for (int b = 0; b < blocks; b++) {
            boolean drawn = text[b] || (blockShare[b] >= UI_SURFACE_SHARE && uiColour[blockMode[b]]);
            photo[b] = !drawn;
            photoBlocks += drawn ? 0 : 1;
        }
        int[] best = largestRectangle(photo, bw, bh); // bx, by, bw, bh
        if (best[2] == 0) {
            return null;
        }
        int inside = best[2] * best[3];
        int outside = bw * bh - inside;
        if (outside == 0 || photoBlocks - inside > MAX_PHOTO_OUTSIDE * outside) {
            return null;
        }
        Region e = fitEdges(best[0] * BLOCK, best[1] * BLOCK, (best[0] + best[2]) * BLOCK, (best[1] + best[3]) * BLOCK);
        double share = (double) e.width() * e.height() / ((double) plane.width() * plane.height());
        if (share < MIN_EMBEDDED_AREA || share > MAX_EMBEDDED_AREA) {
            return null;
        }
        return e;
    }

    /**
     * The rectangle [x0, x1) x [y0, y1) with each edge moved to where the content meets the drawn surface: outwards
     * over lines that are not mostly surface colour, then inwards over lines that are, by at most {@link #BLOCK}
     * lines each way; twice, so that rows and columns settle together.
     */
    private Region fitEdges(int x0, int y0, int x1, int y1) {
        int[] r = {x0, y0, x1, y1};
        for (int round = 0; round < 2; round++) {
            for (int e = 0; e < 4; e++) {
                boolean rows = e % 2 == 1; // edges: 0 left, 1 top, 2 right, 3 bottom
                int inward = e < 2 ? 1 : -1;
                int limit = rows ? plane.height() : plane.width();
                for (int moved = 0; moved < BLOCK; moved++) {
                    int outside = e < 2 ? r[e] - 1 : r[e];
                    if (outside < 0 || outside >= limit || flat(rows, outside, r)) {
                        break;
                    }
                    r[e] -= inward;
                }
                // inwards over flat lines of a surface colour (a bubble's padding); plain content (a sky) stays
                for (int moved = 0;
                        moved < BLOCK
                                && r[2] - r[0] > MIN_SIDE
                                && r[3] - r[1] > MIN_SIDE
                                && flat(rows, e < 2 ? r[e] : r[e] - 1, r);
                        moved++) {
                    r[e] += inward;
                }
            }
        }
        return new Region(Kind.EMBEDDED, r[0], r[1], r[2] - r[0], r[3] - r[1]);
    }

    /**
     * True when line {@code at} (a row when {@code row}) over the span of {@code r} is mostly drawn surface: at
     * least half of its pixels have a surface colour (a photo's line has few, even where it is plain).
     */
    private boolean flat(boolean row, int at, int[] r) {
        int n = 0;
        int from = row ? r[0] : r[1];
        int to = row ? r[2] : r[3];
        for (int i = from; i < to; i++) {
            n += uiColour[row ? plane.at(i, at) : plane.at(at, i)] ? 1 : 0;
        }
        return 2 * n >= to - from;
    }

    /**
     * The largest all-true rectangle of a {@code w} x {@code h} mask as {x, y, width, height} (all 0 when none);
     * the classic stack scan of column heights, row by row. Ties keep the first found (top-most, then left-most).
     */
    static int[] largestRectangle(boolean[] mask, int w, int h) {
        int[] heights = new int[w];
        int[] stack = new int[w + 1];
        int[] best = new int[4];
        int bestArea = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                heights[x] = mask[y * w + x] ? heights[x] + 1 : 0;
            }
            int top = 0;
            for (int x = 0; x <= w; x++) {
                int cur = x == w ? 0 : heights[x];
                while (top > 0 && heights[stack[top - 1]] >= cur) {
                    int hh = heights[stack[--top]];
                    int left = top == 0 ? 0 : stack[top - 1] + 1;
                    int area = hh * (x - left);
                    if (area > bestArea) {
                        bestArea = area;
                        best = new int[] {left, y - hh + 1, x - left, hh};
                    }
                }
                stack[top++] = x;
            }
        }
        return best;
    }

    // ---- dominance --------------------------------------------------------------------------------------

    double rowDominance(int y, int x0, int x1) {
        int lo = 255;
        int hi = 0;
        for (int x = x0; x < x1; x++) {
            int v = plane.at(x, y);
            hist[v]++;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return dominance(x1 - x0, lo, hi);
    }

    double colDominance(int x, int y0, int y1) {
        int lo = 255;
        int hi = 0;
        for (int y = y0; y < y1; y++) {
            int v = plane.at(x, y);
            hist[v]++;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return dominance(y1 - y0, lo, hi);
    }

    /** The share of row {@code y}'s pixels in [x0, x1) within {@link #TOLERANCE} of {@code colour}. */
    double rowShare(int y, int x0, int x1, int colour) {
        int c = 0;
        for (int x = x0; x < x1; x++) {
            c += Math.abs(plane.at(x, y) - colour) <= TOLERANCE ? 1 : 0;
        }
        return (double) c / Math.max(1, x1 - x0);
    }

    /** The share of column {@code x}'s pixels in [y0, y1) within {@link #TOLERANCE} of {@code colour}. */
    double colShare(int x, int y0, int y1, int colour) {
        int c = 0;
        for (int y = y0; y < y1; y++) {
            c += Math.abs(plane.at(x, y) - colour) <= TOLERANCE ? 1 : 0;
        }
        return (double) c / Math.max(1, y1 - y0);
    }

    /**
     * True when the block at ({@code x0}, {@code y0}) is drawn rather than photographed: flat colour (at least
     * {@link #UI_FLAT_SHARE} of its pixels within one level of one value) or text on flat colour (at least
     * {@link #UI_TEXT_SHARE} within one level of two values at least {@link #UI_TEXT_CONTRAST} apart).
     */
    private boolean uiBlock(int x0, int y0) {
        // only values within one level of the block's own can hold a count: the scans cover that range only, and
        // the histogram is cleared over it afterwards
        int[] hist = blockHist;
        int lo = 255;
        int hi = 0;
        for (int y = y0; y < y0 + BLOCK; y++) {
            for (int x = x0; x < x0 + BLOCK; x++) {
                int v = plane.at(x, y);
                hist[v]++;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        lo = Math.max(0, lo - 1);
        hi = Math.min(255, hi + 1);
        int n = BLOCK * BLOCK;
        int[] modes = new int[2];
        int[] counts = new int[2];
        // the second mode makes text only next to a first one holding half of the text share: skipped otherwise
        int rounds = 1;
        for (int k = 0; k < rounds; k++) {
            int best = 0; // an empty range keeps mode 0 with count 0, as a scan from 0 would
            modes[k] = 0;
            for (int v = lo; v <= hi; v++) {
                int c = hist[v] + (v > 0 ? hist[v - 1] : 0) + (v < 255 ? hist[v + 1] : 0);
                if (c > best) {
                    best = c;
                    modes[k] = v;
                }
            }
            counts[k] = best;
            for (int v = Math.max(0, modes[k] - 1); v <= Math.min(255, modes[k] + 1); v++) {
                hist[v] = 0;
            }
            if (k == 0 && 2 * best >= UI_TEXT_SHARE * n) {
                rounds = 2;
            }
        }
        java.util.Arrays.fill(hist, lo, hi + 1, 0);
        uiMode = modes[0];
        uiShare = (double) counts[0] / n;
        return (counts[1] >= UI_TEXT_MIN_INK * n
                && counts[0] + counts[1] >= UI_TEXT_SHARE * n
                && Math.abs(modes[0] - modes[1]) >= UI_TEXT_CONTRAST);
    }

    /**
     * The largest count in any window of 2 * TOLERANCE + 1 levels of {@link #hist}, over {@code n}, with {@link
     * #mode} set; the counts lie in [lo, hi] (none when {@code n <= 0}), and are cleared. Only windows that reach
     * into [lo, hi] are scanned: those before hold nothing, so the first window of the largest count is the one a
     * scan from 0 finds.
     */
    private double dominance(int n, int lo, int hi) {
        if (n <= 0) {
            return 1;
        }
        int window = 2 * TOLERANCE + 1;
        int first = Math.max(0, lo - window + 1);
        int last = Math.min(256 - window, hi); // window starts
        int sum = 0;
        for (int v = first; v < first + window; v++) {
            sum += hist[v];
        }
        int max = sum;
        int from = first;
        for (int v = first + window; v < last + window; v++) {
            sum += hist[v] - hist[v - window];
            if (sum > max) {
                max = sum;
                from = v - window + 1;
            }
        }
        mode = from;
        for (int v = from + 1; v < from + window; v++) {
            if (hist[v] > hist[mode]) {
                mode = v;
            }
        }
        java.util.Arrays.fill(hist, lo, hi + 1, 0);
        return (double) max / n;
    }
}
