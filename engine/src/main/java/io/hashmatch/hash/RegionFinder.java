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
    /** A line of at least this dominance belongs to a border, bar or text band. */
    static final double BAND_DOMINANCE = 0.6;
    /** Trimmed edges hold at least this share of band lines (text lines inside a band may fall below). */
    static final double BAND_SHARE = 0.85;
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
    /** A block is text on flat colour when this share of its pixels lies within one level of two values... */
    static final double UI_TEXT_SHARE = 0.8;
    /** ... that are at least this many levels apart. */
    static final int UI_TEXT_CONTRAST = 32;
    /** An embedded rectangle covers between these shares of the plane. */
    static final double MIN_EMBEDDED_AREA = 0.05;

    static final double MAX_EMBEDDED_AREA = 0.85;
    /** Outside an embedded rectangle, at most this share of blocks is photo-like (a screenshot's UI is not). */
    static final double MAX_PHOTO_OUTSIDE = 0.5;
    /** Smallest region side worth hashing, in plane pixels. */
    static final int MIN_SIDE = 24;
    /** Centred crops of the list side, as fractions of each side. */
    static final double[] CROP_SCALES = {0.9, 0.8, 0.7};
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

    RegionFinder(LumaPlane plane) {
        this.plane = plane;
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
        if (kinds.contains(Kind.TILE)) {
            List<Region> tiles = new ArrayList<>();
            split(trimmed, 0, tiles);
            if (tiles.size() > 1) {
                tiles.sort(Comparator.comparingLong((Region r) -> -(long) r.width() * r.height())
                        .thenComparingInt(Region::y)
                        .thenComparingInt(Region::x));
                out.addAll(tiles.subList(0, Math.min(MAX_TILES, tiles.size())));
            }
        }
        if (kinds.contains(Kind.EMBEDDED)) {
            Region e = embedded();
            if (e != null && differs(e, trimmed) && differs(e, all)) {
                out.add(e);
            }
        }
        if (kinds.contains(Kind.CROP)) {
            for (double s : CROP_SCALES) {
                int cw = (int) Math.round(w * s);
                int ch = (int) Math.round(h * s);
                out.add(new Region(Kind.CROP, (w - cw) / 2, (h - ch) / 2, cw, ch));
            }
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
        return trim(r, BAND_DOMINANCE);
    }

    /** {@link #trim(Region)} with {@code bandDominance} in place of {@link #BAND_DOMINANCE}. */
    private Region trim(Region r, double bandDominance) {
        int x0 = r.x();
        int y0 = r.y();
        int x1 = r.right();
        int y1 = r.bottom();
        for (int pass = 0; pass < 6 && x1 - x0 >= MIN_SIDE && y1 - y0 >= MIN_SIDE; pass++) {
            double[] rowDom = new double[y1 - y0];
            for (int i = 0; i < rowDom.length; i++) {
                rowDom[i] = rowDominance(y0 + i, x0, x1);
            }
            double[] colDom = new double[x1 - x0];
            for (int i = 0; i < colDom.length; i++) {
                colDom[i] = colDominance(x0 + i, y0, y1);
            }
            int top = edgeRun(rowDom, false, bandDominance);
            int bottom = edgeRun(rowDom, true, bandDominance);
            int left = edgeRun(colDom, false, bandDominance);
            int right = edgeRun(colDom, true, bandDominance);
            boolean rowsChange = top + bottom > 0;
            boolean colsChange = left + right > 0;
            if (!rowsChange && !colsChange) {
                break;
            }
            double rowOuter = Math.max(rowDom[0], rowDom[rowDom.length - 1]);
            double colOuter = Math.max(colDom[0], colDom[colDom.length - 1]);
            if (rowsChange && (!colsChange || rowOuter >= colOuter)) {
                y0 += top;
                y1 -= bottom;
            } else {
                x0 += left;
                x1 -= right;
            }
        }
        return new Region(r.kind(), x0, y0, x1 - x0, y1 - y0);
    }

    /**
     * The number of lines to trim from one end of {@code dominance}: the longest run from that end, at most
     * {@link #MAX_TRIM_PER_EDGE} of the lines, that ends on a band line and holds at least {@link #BAND_SHARE}
     * band lines (of dominance at least {@link #BAND_DOMINANCE}).
     */
    private static int edgeRun(double[] dominance, boolean fromEnd, double bandDominance) {
        int n = dominance.length;
        int limit = (int) (n * MAX_TRIM_PER_EDGE);
        int count = 0;
        int best = 0;
        for (int k = 1; k <= limit; k++) {
            boolean b = dominance[fromEnd ? n - k : k - 1] >= bandDominance;
            if (b) {
                count++;
                if (count >= BAND_SHARE * k) {
                    best = k;
                }
            }
        }
        return best;
    }

    // ---- tiles ------------------------------------------------------------------------------------------

    /** Splits {@code r} along gutters, recursively (up to 3 levels), into {@code out}. */
    private void split(Region r, int depth, List<Region> out) {
        if (depth < 3 && out.size() < 4 * MAX_TILES) {
            List<int[]> cols = gutters(r, true);
            List<int[]> rows = cols.isEmpty() ? gutters(r, false) : List.of();
            List<int[]> pieces = !cols.isEmpty() ? cols : rows;
            if (!pieces.isEmpty()) {
                for (int[] p : pieces) {
                    Region piece = !cols.isEmpty()
                            ? new Region(Kind.TILE, p[0], r.y(), p[1] - p[0], r.height())
                            : new Region(Kind.TILE, r.x(), p[0], r.width(), p[1] - p[0]);
                    // only gutter remnants are trimmed from a piece: its own content may be plain near an edge
                    split(trim(piece, GUTTER_DOMINANCE), depth + 1, out);
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
     * there is no gutter leaving pieces of at least {@link #MIN_TILE_SHARE} of the side.
     */
    private List<int[]> gutters(Region r, boolean vertical) {
        int from = vertical ? r.x() : r.y();
        int to = vertical ? r.right() : r.bottom();
        int minPiece = Math.max(MIN_SIDE, (int) Math.ceil((to - from) * MIN_TILE_SHARE));
        List<int[]> pieces = new ArrayList<>();
        int start = from;
        int i = from;
        while (i < to) {
            boolean gutter = vertical
                    ? colDominance(i, r.y(), r.bottom()) >= GUTTER_DOMINANCE
                    : rowDominance(i, r.x(), r.right()) >= GUTTER_DOMINANCE;
            if (!gutter) {
                i++;
                continue;
            }
            int end = i;
            while (end < to
                    && (vertical
                            ? colDominance(end, r.y(), r.bottom()) >= GUTTER_DOMINANCE
                            : rowDominance(end, r.x(), r.right()) >= GUTTER_DOMINANCE)) {
                end++;
            }
            if (i - start >= minPiece && to - end >= minPiece) {
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
        boolean[] photo = new boolean[bw * bh];
        int photoBlocks = 0;
        for (int by = 0; by < bh; by++) {
            for (int bx = 0; bx < bw; bx++) {
                boolean p = !uiBlock(bx * BLOCK, by * BLOCK);
                photo[by * bw + bx] = p;
                photoBlocks += p ? 1 : 0;
            }
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
        int x0 = Math.max(0, (best[0] - 1) * BLOCK);
        int y0 = Math.max(0, (best[1] - 1) * BLOCK);
        int x1 = Math.min(plane.width(), (best[0] + best[2] + 1) * BLOCK);
        int y1 = Math.min(plane.height(), (best[1] + best[3] + 1) * BLOCK);
        Region e = trim(new Region(Kind.EMBEDDED, x0, y0, x1 - x0, y1 - y0));
        double share = (double) e.width() * e.height() / ((double) plane.width() * plane.height());
        if (share < MIN_EMBEDDED_AREA || share > MAX_EMBEDDED_AREA) {
            return null;
        }
        return e;
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
        java.util.Arrays.fill(hist, 0);
        for (int x = x0; x < x1; x++) {
            hist[plane.at(x, y)]++;
        }
        return dominance(x1 - x0);
    }

    double colDominance(int x, int y0, int y1) {
        java.util.Arrays.fill(hist, 0);
        for (int y = y0; y < y1; y++) {
            hist[plane.at(x, y)]++;
        }
        return dominance(y1 - y0);
    }

    /**
     * True when the block at ({@code x0}, {@code y0}) is drawn rather than photographed: flat colour (at least
     * {@link #UI_FLAT_SHARE} of its pixels within one level of one value) or text on flat colour (at least
     * {@link #UI_TEXT_SHARE} within one level of two values at least {@link #UI_TEXT_CONTRAST} apart).
     */
    private boolean uiBlock(int x0, int y0) {
        java.util.Arrays.fill(hist, 0);
        for (int y = y0; y < y0 + BLOCK; y++) {
            for (int x = x0; x < x0 + BLOCK; x++) {
                hist[plane.at(x, y)]++;
            }
        }
        int n = BLOCK * BLOCK;
        int[] modes = new int[2];
        int[] counts = new int[2];
        for (int k = 0; k < 2; k++) {
            int best = -1;
            for (int v = 0; v < 256; v++) {
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
        }
        return counts[0] >= UI_FLAT_SHARE * n
                || (counts[0] + counts[1] >= UI_TEXT_SHARE * n && Math.abs(modes[0] - modes[1]) >= UI_TEXT_CONTRAST);
    }

    /** The largest count in any window of 2 * TOLERANCE + 1 levels of {@link #hist}, over {@code n}. */
    private double dominance(int n) {
        if (n <= 0) {
            return 1;
        }
        int window = 2 * TOLERANCE + 1;
        int sum = 0;
        for (int v = 0; v < window; v++) {
            sum += hist[v];
        }
        int max = sum;
        for (int v = window; v < 256; v++) {
            sum += hist[v] - hist[v - window];
            max = Math.max(max, sum);
        }
        return (double) max / n;
    }
}
