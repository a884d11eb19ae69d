package io.hashmatch.hash;

import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageFormat;
import io.hashmatch.hash.PdqVariant.Kind;
import io.hashmatch.hash.PdqVariant.Rect;
import io.hashmatch.hash.PdqVariant.Transform;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Derives the {@link PdqVariant}s a {@link VariantPolicy} asks for from one decoded image: builds the image's
 * {@link LumaPlane}, finds the regions ({@link RegionFinder}), hashes each region of the plane in place with the
 * one PDQ path ({@link PdqHasher}), and keeps those of sufficient quality, in a fixed order, up to the cap.
 *
 * <p>Not thread-safe: owns buffers; use one instance per thread.
 */
final class VariantDeriver {
    /** Share of each side an {@link Kind#UNCROP} frame assumes was cropped away. */
    static final double UNCROP_FRACTION = 0.05;
    /**
     * Where the image may sit in an {@link Kind#UNCROP} frame, as a share of the frame's margin: left/top first. Six
     * a side: a crop's offset is then at most a tenth of the margin (half a percent of the side) from an anchor; the
     * nearest frame of the benchmark's mirrored 5 % crops came within 31 bits for 12 of 16 (seed 14) and 19 of 22
     * (seed 7) with five, 14 and 19 with six.
     */
    static final double[] UNCROP_ANCHORS = {0, 0.2, 0.4, 0.6, 0.8, 1};
    /** The transforms each {@link Kind#UNCROP} frame is hashed in: as is and mirrored left to right. */
    private static final int[] UNCROP_TRANSFORMS = {0, 5};
    /**
     * Longest side of the plane {@link Kind#UNCROP} frames are built on and {@link Kind#OPENING} is taken of: PDQ keeps
     * a 64x64 blur only.
     */
    static final int UNCROP_SIDE = 256;

    private final VariantPolicy policy;
    private final LumaPlane plane = new LumaPlane();
    private final LumaPlane small = new LumaPlane(UNCROP_SIDE);
    private final PdqHasher hasher = new PdqHasher(PdqMode.FULL_RESOLUTION);
    private final RegionSampler sampler = new RegionSampler();
    private final OverlayRemover overlays = new OverlayRemover();
    /** DCT coefficients and quality of each sampled uncrop frame, anchors row by row. */
    private final float[][] frameCoefficients = new float[UNCROP_ANCHORS.length * UNCROP_ANCHORS.length][16 * 16];

    private final int[] frameQuality = new int[UNCROP_ANCHORS.length * UNCROP_ANCHORS.length];
    /** The coefficients of the uncrop frame last set by {@link #between}. */
    private final float[] between = new float[16 * 16];

    private boolean planeSampled;
    /** The image whose rows {@link #hashWhole} filled the plane from, until {@link #derive} takes it. */
    private @Nullable DecodedImage planeImage;

    private byte[] region = new byte[0];

    VariantDeriver(VariantPolicy policy) {
        this.policy = policy;
    }

    /**
     * The whole image's PDQ hash by {@code hasher} ({@link PdqHasher#hash(DecodedImage, boolean)}), filling the
     * luma plane of {@link #derive} from the rows it reads when it can: {@code derive} of the same image right
     * after then makes no second pass over its pixels.
     */
    PdqResult hashWhole(PdqHasher hasher, DecodedImage image, boolean dihedral) {
        planeImage = null;
        plane.clear();
        PdqResult result = hasher.hash(image, dihedral, plane);
        if (plane.complete()) {
            planeImage = image;
        }
        return result;
    }

    /**
     * The variants of {@code image}.
     *
     * @param whole the whole image's result with its 8 dihedral hashes (the source of {@link Kind#DIHEDRAL})
     */
    List<PdqVariant> derive(DecodedImage image, PdqResult whole) {
        boolean planeFilled = planeImage == image;
        planeImage = null;
        if (policy.isNone()) {
            return List.of();
        }
        List<PdqVariant> out = new ArrayList<>();
        Rect all = new Rect(0, 0, Math.max(1, image.width()), Math.max(1, image.height()));
        if (policy.kinds().contains(Kind.DIHEDRAL) && whole.quality() >= policy.minQuality()) {
            for (int t = 1; t < whole.dihedral().size(); t++) {
                out.add(new PdqVariant(
                        Kind.DIHEDRAL, transform(t), all, whole.dihedral().get(t), whole.quality()));
            }
        }
        if (image.width() < 5 || image.height() < 5) {
            return cap(out);
        }
        if (!planeFilled) {
            plane.fill(image);
        }
        planeSampled = false;
        List<RegionFinder.Region> regions = new RegionFinder(plane).regions(policy.kinds());
        Rect[] found = new Rect[regions.size()]; // foundRect of each region, once
        for (int i = 0; i < regions.size(); i++) {
            RegionFinder.Region r = regions.get(i);
            if (out.size() >= policy.maxVariants()) {
                break;
            }
            Rect rect;
            PdqResult h;
            if (r.kind() == Kind.CROP || r.kind() == Kind.GRID) {
                rect = plane.toImage(r.x(), r.y(), r.width(), r.height());
                // many fixed fractions of the image, not found edges: sampled from the reduced plane, far cheaper
                if (!planeSampled) {
                    sampler.load(plane);
                    planeSampled = true;
                }
                h = sampler.hash(r.x(), r.y(), r.width(), r.height());
            } else {
                rect = foundRect(image, regions, found, i);
                if (r.kind() == Kind.EMBEDDED && repeats(image, rect, all, regions, found)) {
                    continue;
                }
                // PDQ moves many bits for a shift of half a percent: found regions are hashed at full resolution
                h = r.kind() == Kind.EMBEDDED
                        ? hasher.hash(embeddedLuma(image, rect), policy.regionTransforms())
                        : hasher.hash(
                                image, rect.x(), rect.y(), rect.width(), rect.height(), policy.regionTransforms());
            }
            if (h.quality() < policy.minQuality()) {
                continue;
            }
            out.add(new PdqVariant(r.kind(), Transform.ORIGINAL, rect, h.hash(), h.quality()));
            for (int t = 1; policy.regionTransforms() && t < h.dihedral().size(); t++) {
                out.add(new PdqVariant(
                        r.kind(), transform(t), rect, h.dihedral().get(t), h.quality()));
            }
        }
        if (policy.kinds().contains(Kind.UNMARK)) {
            overlays.addVariants(image, plane, all, hasher, policy.minQuality(), out);
        }
        // a picture with borders, tiles or an embedded photo was wrapped, not cropped
        boolean uncrop = policy.kinds().contains(Kind.UNCROP) && !wrapped(regions);
        if (uncrop || policy.kinds().contains(Kind.OPENING)) {
            small.fill(plane.asImage());
        }
        if (policy.kinds().contains(Kind.OPENING)) {
            overlays.addOpening(small, all, hasher, policy.minQuality(), out);
        }
        if (uncrop) {
            uncrop(image, out);
        }
        return cap(out);
    }

    /** {@link #foundRect(DecodedImage, RegionFinder.Region)} of region {@code i}, computed once into {@code found}. */
    private Rect foundRect(DecodedImage image, List<RegionFinder.Region> regions, Rect[] found, int i) {
        if (found[i] == null) {
            found[i] = foundRect(image, regions.get(i));
        }
        return found[i];
    }

    /**
     * The image rectangle of a region found on the plane ({@link Kind#TRIM}, {@link Kind#TILE}, {@link
     * Kind#EMBEDDED}): an embedded photo fitted to the surface around it, a trim or tile snapped to the image's
     * pixels when the plane is reduced.
     */
    private Rect foundRect(DecodedImage image, RegionFinder.Region r) {
        Rect rect = plane.toImage(r.x(), r.y(), r.width(), r.height());
        if (r.kind() == Kind.EMBEDDED) {
            return fitToSurface(image, rect, plane.scale());
        }
        if (plane.scale() > 1) {
            return r.kind() == Kind.TILE
                    ? snap(image, rect, plane.scale(), plane.scale() - 1)
                    : snap(image, rect, plane.scale());
        }
        return rect;
    }

    /**
     * True when an embedded photo's rectangle {@code rect} is the whole image or the rectangle of a trim or tile
     * among {@code regions}: a collage's most photo-like tile is also its largest photo-like rectangle, and is
     * hashed once, as the tile it is (from its own pixels: no chat app drew over it).
     */
    private boolean repeats(DecodedImage image, Rect rect, Rect all, List<RegionFinder.Region> regions, Rect[] found) {
        if (rect.equals(all)) {
            return true;
        }
        for (int i = 0; i < regions.size(); i++) {
            Kind kind = regions.get(i).kind();
            if ((kind == Kind.TILE || kind == Kind.TRIM)
                    && foundRect(image, regions, found, i).equals(rect)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the {@link Kind#UNCROP} variants: the plane, reduced to at most {@link #UNCROP_SIDE} a side, placed in
     * a frame {@code 1 / (1 - UNCROP_FRACTION)} times its size at each pair of {@link #UNCROP_ANCHORS} and half way
     * between neighbouring ones (11 x 11 places: a cut is then at most a twentieth of the margin from one; those
     * between anchors from the sampled frames' coefficients, {@link #between}), the
     * margin filled with a guess of the cut-away content ({@link MarginFill}: the edge continued along the picture's
     * structures) before the blur, as PDQ blurs the extended picture; each frame hashed as is and mirrored left to right
     * ({@link Transform#FLIPY}: a crop often comes with a mirror), only those two transforms computed. Frames are
     * placed to a fraction of a pixel and hashed by sampling ({@link RegionSampler#load(LumaPlane, int)}). Needs
     * {@link #small} filled from the plane.
     */
    private void uncrop(DecodedImage image, List<PdqVariant> out) {
        int w = small.width();
        int h = small.height();
        if (w < RegionFinder.MIN_SIDE || h < RegionFinder.MIN_SIDE) {
            return;
        }
        double fw = w / (1 - UNCROP_FRACTION);
        double fh = h / (1 - UNCROP_FRACTION);
        // the margin is filled before the blur, as in the extended picture: the frames' reach and twice their window
        sampler.load(
                small,
                (int) Math.ceil(Math.max(fw - w, fh - h))
                        + 2 * JaroszDownsampler.windowSize((int) Math.ceil(Math.max(fw, fh)))
                        + 1);
        double sx = image.width() / (double) w;
        double sy = image.height() / (double) h;
        int anchors = UNCROP_ANCHORS.length;
        // a column of anchors at a time: its frames share their columns, which the sampler interpolates once
        for (int ix = 0; ix < anchors; ix++) {
            for (int iy = 0; iy < anchors; iy++) {
                sampler.coefficients(
                        -UNCROP_ANCHORS[ix] * (fw - w),
                        -UNCROP_ANCHORS[iy] * (fh - h),
                        fw,
                        fh,
                        frameCoefficients[iy * anchors + ix]);
                frameQuality[iy * anchors + ix] = sampler.quality();
            }
        }
        // frames at the anchors and half way between neighbours (rows first, left to right): k / 2 on each axis
        int places = 2 * anchors - 1;
        for (int ky = 0; ky < places; ky++) {
            for (int kx = 0; kx < places; kx++) {
                int q = between(kx, ky, anchors);
                if (q < policy.minQuality()) {
                    continue;
                }
                double ax = (UNCROP_ANCHORS[kx / 2] + UNCROP_ANCHORS[(kx + 1) / 2]) / 2;
                double ay = (UNCROP_ANCHORS[ky / 2] + UNCROP_ANCHORS[(ky + 1) / 2]) / 2;
                Rect rect = new Rect(
                        (int) Math.round(ax * (fw - w) * sx),
                        (int) Math.round(ay * (fh - h) * sy),
                        (int) Math.round(fw * sx),
                        (int) Math.round(fh * sy));
                PdqHash[] r = sampler.hash(between, UNCROP_TRANSFORMS);
                for (int t = 0; t < UNCROP_TRANSFORMS.length; t++) {
                    out.add(new PdqVariant(Kind.UNCROP, transform(UNCROP_TRANSFORMS[t]), rect, r[t], q));
                }
            }
        }
    }

    /**
     * Leaves in {@link #between} the DCT coefficients of the uncrop frame at place {@code (kx, ky)} (place {@code k}
     * is anchor {@code k / 2}, or half way between anchors {@code (k - 1) / 2} and {@code (k + 1) / 2}) and returns its
     * quality: a sampled frame's own, or the mean of the coefficients of the 2 or 4 sampled frames around it and the
     * lowest of their qualities. The DCT is linear and a frame's blurred samples move smoothly with its offset (a tenth
     * of the margin is a third of a 64x64 cell, under the blur), so the mean stands in for the frame sampled there.
     */
    private int between(int kx, int ky, int anchors) {
        int x0 = kx / 2;
        int x1 = (kx + 1) / 2;
        int y0 = ky / 2;
        int y1 = (ky + 1) / 2;
        float[] a = frameCoefficients[y0 * anchors + x0];
        float[] b = frameCoefficients[y0 * anchors + x1];
        float[] c = frameCoefficients[y1 * anchors + x0];
        float[] d = frameCoefficients[y1 * anchors + x1];
        for (int i = 0; i < between.length; i++) {
            between[i] = ((a[i] + b[i]) + (c[i] + d[i])) / 4;
        }
        return Math.min(
                Math.min(frameQuality[y0 * anchors + x0], frameQuality[y0 * anchors + x1]),
                Math.min(frameQuality[y1 * anchors + x0], frameQuality[y1 * anchors + x1]));
    }

    /**
     * True when one of {@code regions} (of {@link #plane}) leaves a margin on two edges or more: the picture sits
     * inside something (bars, a border, a collage, a screenshot). A region reaching three edges of the image, such
     * as a trimmed plain sky or a meme's caption band above a photo, may be the content of a cropped photograph:
     * it gets {@link Kind#UNCROP} frames too.
     */
    private boolean wrapped(List<RegionFinder.Region> regions) {
        for (RegionFinder.Region r : regions) {
            int margins = (r.x() > 2 ? 1 : 0)
                    + (r.y() > 2 ? 1 : 0)
                    + (plane.width() - r.right() > 2 ? 1 : 0)
                    + (plane.height() - r.bottom() > 2 ? 1 : 0);
            if (margins >= 2) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code rect} with each edge moved, by at most {@code reach} image pixels, to the line of the strongest step
     * along the whole edge (the mean luma difference between the line just outside and the line just inside): a
     * region found on the reduced plane is off by up to one plane pixel, and its edges are straight.
     */
    static Rect snap(DecodedImage image, Rect rect, int reach) {
        return snap(image, rect, reach, reach);
    }

    /**
     * {@link #snap(DecodedImage, Rect, int)} with edges moved outwards by at most {@code outward} pixels: a tile's
     * plane rectangle stops at its gutter's first plane line, which holds the tile's edge only when it blends gutter
     * and tile, so the edge lies less than a plane pixel outside it; one more pixel out is the gutter's far side,
     * often the stronger step (a light photo, a white gutter, a dark tile beyond).
     */
    static Rect snap(DecodedImage image, Rect rect, int reach, int outward) {
        int x0 = rect.x();
        int y0 = rect.y();
        int x1 = rect.x() + rect.width();
        int y1 = rect.y() + rect.height();
        int nx0 = bestStep(image, true, x0, reach, y0, y1, Math.max(1, x0 - outward), x1 - 1);
        int nx1 = bestStep(image, true, x1, reach, y0, y1, nx0 + 1, Math.min(image.width() - 1, x1 + outward));
        int ny0 = bestStep(image, false, y0, reach, nx0, nx1, Math.max(1, y0 - outward), y1 - 1);
        int ny1 = bestStep(image, false, y1, reach, nx0, nx1, ny0 + 1, Math.min(image.height() - 1, y1 + outward));
        return new Rect(nx0, ny0, nx1 - nx0, ny1 - ny0);
    }

    /**
     * {@code rect} (an embedded photo found on the reduced plane) with each edge moved to where the photo meets
     * the drawn surface around it, at full resolution. A boundary is a candidate when the line just outside it is
     * uniform (a bubble's padding, a page's background) and the line just inside is not, or has another colour;
     * lines are judged over the middle of the edge, {@link #FIT_SPAN_MARGIN} of its length left out at each end
     * (rounded corners, a time stamp in a corner). The frame's colour is the outside colour that the most edges
     * have a candidate of, innermost candidates first (a photo sits in one bubble or on one page). Each edge takes
     * its innermost candidate of that colour, from three blocks inside the edge to a quarter of the image outside it
     * (the reduced plane can mistake a photo's plain or dark parts for drawn ones); else its innermost candidate
     * within {@link #fitReach} (a plain sky at the top of the photo is no frame); else, on a reduced plane, the
     * strongest step within {@code scale} pixels, as {@link #snap} does. A fit that keeps less than half of the
     * width or height is dropped for {@link #snap}'s.
     */
    static Rect fitToSurface(DecodedImage image, Rect rect, int scale) {
        int[] e = {rect.x(), rect.y(), rect.x() + rect.width(), rect.y() + rect.height()}; // x0 y0 x1 y1
        int[] hists = new int[256 * LINES_AT_ONCE];
        for (int round = 0; round < 2; round++) {
            List<List<int[]>> candidates = new ArrayList<>(4);
            for (int edge = 0; edge < 4; edge++) {
                boolean vertical = edge % 2 == 0; // x0 and x1 are columns
                int from = vertical ? e[1] : e[0];
                int to = vertical ? e[3] : e[2];
                int margin = (int) ((to - from) * FIT_SPAN_MARGIN);
                int near = fitReach(to - from, scale);
                int inward = near + 3 * RegionFinder.BLOCK * scale;
                int outward = Math.max(near, (vertical ? image.width() : image.height()) / 4);
                candidates.add(surfaceCandidates(
                        image, vertical, edge < 2, e[edge], inward, outward, near, from + margin, to - margin, hists));
            }
            int frame = frameColour(candidates);
            for (int edge = 0; edge < 4; edge++) {
                boolean vertical = edge % 2 == 0;
                boolean start = edge < 2;
                int chosen = -1;
                for (int[] c : candidates.get(edge)) { // innermost first
                    if (frame >= 0 && Math.abs(c[1] - frame) <= RegionFinder.TOLERANCE) {
                        chosen = c[0];
                        break;
                    }
                }
                for (int k = 0; chosen < 0 && k < candidates.get(edge).size(); k++) {
                    int[] c = candidates.get(edge).get(k);
                    chosen = c[2] == 1 ? c[0] : -1;
                }
                if (chosen >= 0) {
                    e[edge] = chosen;
                } else if (round == 0 && scale > 1) {
                    int from = vertical ? e[1] : e[0];
                    int to = vertical ? e[3] : e[2];
                    int lo = start ? 1 : e[edge - 2] + 1;
                    int hi = start ? e[edge + 2] - 1 : (vertical ? image.width() : image.height()) - 1;
                    e[edge] = bestStep(image, vertical, e[edge], scale, from, to, lo, hi);
                }
            }
        }
        // a fit that loses half of a side has followed something other than the photo's frame
        if (2 * (e[2] - e[0]) < rect.width() || 2 * (e[3] - e[1]) < rect.height()) {
            return scale > 1 ? snap(image, rect, scale) : rect;
        }
        return new Rect(e[0], e[1], e[2] - e[0], e[3] - e[1]);
    }

    /** Side of the corner squares {@link #embeddedLuma} fills in, as a share of the region's shorter side. */
    static final double CORNER_SHARE = 1.0 / 16;
    /** Width and height of the corner zones {@link #embeddedLuma} clears of text, as shares of the region's. */
    static final double TEXT_ZONE_WIDTH = 1.0 / 4;

    static final double TEXT_ZONE_HEIGHT = 1.0 / 6;
    /** Strokes up to {@code 2 STROKE_RADIUS} pixels wide are text (a time stamp's strokes are 2-3 pixels). */
    static final int STROKE_RADIUS = 2;
    /** A text pixel is at least this many levels brighter than the zone's opening. */
    static final int STROKE_CONTRAST = 40;

    /**
     * The luma of {@code rect} (an embedded photo) as a one-channel image, without what a chat app draws over a
     * photo: (1) it clips the photo to a rounded rectangle, so the corners show the frame's colour (white or dark
     * on a photo: ten bits or more of PDQ); in each corner square ({@link #CORNER_SHARE} of the shorter side),
     * pixels within twice {@link RegionFinder#TOLERANCE} of the frame's colour (the pixel diagonally outside the
     * corner) take the value of their diagonal neighbour towards the inside, outermost last, carrying the photo's
     * pixels into the corner; (2) it writes the time in small white letters over the bottom-right corner (others
     * put a name or a counter in another corner): in each corner zone ({@link #TEXT_ZONE_WIDTH} x {@link
     * #TEXT_ZONE_HEIGHT}), pixels of thin bright strokes (brighter than the zone's grey-level opening by at least
     * {@link #STROKE_CONTRAST}) take the opening's value. Both change a photo without such drawing little: only
     * corner pixels of the frame's colour, and small bright specks in the corner zones.
     */
    private DecodedImage embeddedLuma(DecodedImage image, Rect rect) {
        int w = rect.width();
        int h = rect.height();
        if (region.length < w * h) {
            region = new byte[w * h];
        }
        java.nio.ByteBuffer px = image.pixels();
        int ch = image.channels();
        int stride = image.rowStride();
        byte[] bytes = new byte[w * ch];
        for (int y = 0; y < h; y++) {
            px.get((rect.y() + y) * stride + rect.x() * ch, bytes, 0, w * ch);
            for (int x = 0, p = 0; x < w; x++, p += ch) {
                region[y * w + x] = (byte) ((luma(bytes, p, ch) + 500) / 1000);
            }
        }
        int c = (int) (Math.min(w, h) * CORNER_SHARE);
        for (int corner = 0; corner < 4 && c >= 2; corner++) {
            int dx = corner % 2 == 0 ? 1 : -1; // towards the inside
            int dy = corner < 2 ? 1 : -1;
            int cx = dx > 0 ? 0 : w - 1; // the corner pixel
            int cy = dy > 0 ? 0 : h - 1;
            int ox = rect.x() + cx - dx; // diagonally outside the corner
            int oy = rect.y() + cy - dy;
            if (ox < 0 || oy < 0 || ox >= image.width() || oy >= image.height()) {
                continue;
            }
            int frame = (luma(px, ch, stride, ox, oy) + 500) / 1000;
            for (int j = c - 1; j >= 0; j--) {
                for (int i = c - 1; i >= 0; i--) {
                    int at = (cy + dy * j) * w + cx + dx * i;
                    if (Math.abs((region[at] & 0xFF) - frame) <= 2 * RegionFinder.TOLERANCE) {
                        region[at] = region[(cy + dy * (j + 1)) * w + cx + dx * (i + 1)];
                    }
                }
            }
        }
        int zw = (int) (w * TEXT_ZONE_WIDTH);
        int zh = (int) (h * TEXT_ZONE_HEIGHT);
        for (int corner = 0; corner < 4; corner++) {
            removeThinBrightStrokes(region, w, corner % 2 == 0 ? 0 : w - zw, corner < 2 ? 0 : h - zh, zw, zh);
        }
        return DecodedImage.ofPixels(region, w, h, 1, ImageFormat.PNG);
    }

    /**
     * Gives the pixels of thin bright strokes in the zone [x0, x0 + zw) x [y0, y0 + zh) of a {@code w}-wide luma
     * buffer the value of the zone's opening (erosion then dilation over squares of side {@code 2 STROKE_RADIUS +
     * 1}), where they are brighter than it by at least {@link #STROKE_CONTRAST}.
     */
    private static void removeThinBrightStrokes(byte[] buf, int w, int x0, int y0, int zw, int zh) {
        if (zw < 4 * STROKE_RADIUS || zh < 4 * STROKE_RADIUS) {
            return;
        }
        int[] a = new int[zw * zh];
        for (int y = 0; y < zh; y++) {
            for (int x = 0; x < zw; x++) {
                a[y * zw + x] = buf[(y0 + y) * w + x0 + x] & 0xFF;
            }
        }
        int[] open = morph(morph(a, zw, zh, false), zw, zh, true);
        for (int y = 0; y < zh; y++) {
            for (int x = 0; x < zw; x++) {
                int i = y * zw + x;
                if (a[i] - open[i] > STROKE_CONTRAST) {
                    buf[(y0 + y) * w + x0 + x] = (byte) open[i];
                }
            }
        }
    }

    /** Grey-level erosion (or dilation, when {@code max}) of a w x h buffer over squares of radius STROKE_RADIUS. */
    private static int[] morph(int[] in, int w, int h, boolean max) {
        int r = STROKE_RADIUS;
        int[] t = new int[w * h];
        int[] o = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = max ? 0 : 255;
                for (int k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++) {
                    v = max ? Math.max(v, in[y * w + k]) : Math.min(v, in[y * w + k]);
                }
                t[y * w + x] = v;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = max ? 0 : 255;
                for (int k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++) {
                    v = max ? Math.max(v, t[k * w + x]) : Math.min(v, t[k * w + x]);
                }
                o[y * w + x] = v;
            }
        }
        return o;
    }

    /** Share of an edge's length left out at each end when its lines are judged. */
    static final double FIT_SPAN_MARGIN = 0.1;

    /**
     * How far (image pixels) {@link #fitToSurface} takes a boundary of any colour either side of an edge: the
     * plane's rounding ({@code 2 scale}) plus 3 % of the edge's length (a chat bubble's padding is a few pixels
     * of a phone's screen).
     */
    static int fitReach(int length, int scale) {
        return 2 * scale + Math.max(2, length * 3 / 100);
    }

    /**
     * The frame's colour: the outside colour of the most edges' innermost candidates (a photo whose edges were
     * found on the plane is inside its frame on most edges), ties broken by the number of edges with a candidate
     * of that colour at all, then by edge order; -1 when no edge has a candidate.
     */
    private static int frameColour(List<List<int[]>> candidates) {
        int best = -1;
        long bestScore = -1;
        for (List<int[]> edge : candidates) {
            if (edge.isEmpty()) {
                continue;
            }
            int colour = edge.get(0)[1];
            int innermost = 0;
            int any = 0;
            for (List<int[]> other : candidates) {
                boolean has = false;
                for (int[] o : other) {
                    has |= Math.abs(o[1] - colour) <= RegionFinder.TOLERANCE;
                }
                any += has ? 1 : 0;
                innermost += !other.isEmpty() && Math.abs(other.get(0)[1] - colour) <= RegionFinder.TOLERANCE ? 1 : 0;
            }
            long score = innermost * 8L + any;
            if (score > bestScore) {
                bestScore = score;
                best = colour;
            }
        }
        return best;
    }

    /**
     * The candidate boundaries of one edge ({@code start}: the left or top edge) from {@code inward} pixels inside
     * {@code at} to {@code outward} outside it, innermost first, as {b, outside colour, 1 if within {@code near}
     * of {@code at} else 0}: the line just outside b (b - 1 for a start edge, b otherwise) is uniform (at least
     * {@link RegionFinder#BORDER_UNIFORM} of its pixels over [from, to) within {@link RegionFinder#TOLERANCE} of
     * one value) and the line just inside is not, or has a mode more than the tolerance away.
     */
    private static List<int[]> surfaceCandidates(
            DecodedImage image,
            boolean vertical,
            boolean start,
            int at,
            int inward,
            int outward,
            int near,
            int from,
            int to,
            int[] hists) {
        int limit = vertical ? image.width() : image.height();
        List<int[]> out = new ArrayList<>();
        if (to - from < 2) {
            return out;
        }
        int lo = Math.max(1, start ? at - outward : at - inward);
        int hi = Math.min(limit - 1, start ? at + inward : at + outward);
        if (lo > hi) {
            return out;
        }
        // uniformity of lines lo - 1 .. hi, each computed once
        long[] line = new long[hi - lo + 2];
        lineUniformities(image, vertical, lo - 1, hi, from, to, hists, line);
        for (int i = 0; i <= hi - lo; i++) {
            int b = start ? hi - i : lo + i; // innermost first
            long outside = line[(start ? b - 1 : b) - lo + 1];
            long inside = line[(start ? b : b - 1) - lo + 1];
            if ((outside >>> 8) < RegionFinder.BORDER_UNIFORM * 1000) {
                continue;
            }
            if ((inside >>> 8) < RegionFinder.BORDER_UNIFORM * 1000
                    || Math.abs((int) (inside & 0xFF) - (int) (outside & 0xFF)) > RegionFinder.TOLERANCE) {
                out.add(new int[] {b, (int) (outside & 0xFF), Math.abs(b - at) <= near ? 1 : 0});
            }
        }
        return out;
    }

    /** Lines whose histograms {@link #lineUniformities} builds in one sweep over the image's rows. */
    static final int LINES_AT_ONCE = 64;

    /**
     * The uniformities of image lines {@code first .. last} (columns when {@code vertical}) over [from, to) into
     * {@code out[0 .. last - first]}: for each, the largest share (in thousandths) of its luma values within
     * {@link RegionFinder#TOLERANCE} of one value, shifted left by 8, or'ed with that value. Columns are counted
     * {@link #LINES_AT_ONCE} at a time, each image row read once per group (a column read on its own walks
     * across every row); {@code hists} holds {@code 256 LINES_AT_ONCE} counts.
     */
    private static void lineUniformities(
            DecodedImage image, boolean vertical, int first, int last, int from, int to, int[] hists, long[] out) {
        java.nio.ByteBuffer px = image.pixels();
        int ch = image.channels();
        int stride = image.rowStride();
        byte[] bytes = new byte[(vertical ? LINES_AT_ONCE : to - from) * ch];
        if (!vertical) {
            for (int at = first; at <= last; at++) {
                java.util.Arrays.fill(hists, 0, 256, 0);
                px.get(at * stride + from * ch, bytes, 0, (to - from) * ch);
                countLevels(bytes, ch, to - from, hists, 0, 0);
                out[at - first] = uniformity(hists, 0, to - from);
            }
            return;
        }
        for (int group = first; group <= last; group += LINES_AT_ONCE) {
            int lines = Math.min(LINES_AT_ONCE, last - group + 1);
            java.util.Arrays.fill(hists, 0, lines * 256, 0);
            for (int y = from; y < to; y++) {
                px.get(y * stride + group * ch, bytes, 0, lines * ch);
                countLevels(bytes, ch, lines, hists, 0, 256);
            }
            for (int k = 0; k < lines; k++) {
                out[group - first + k] = uniformity(hists, k * 256, to - from);
            }
        }
    }

    /**
     * Adds each of the {@code n} pixels of {@code bytes} ({@code ch} channels, B,G,R order; grey: the first) to the
     * histogram of its luma level ({@code (299 R + 587 G + 114 B + 500) / 1000}) at {@code hists[off + k * step]}
     * for pixel {@code k}: one histogram for all ({@code step} 0) or one a pixel ({@code step} 256).
     */
    private static void countLevels(byte[] bytes, int ch, int n, int[] hists, int off, int step) {
        for (int k = 0, p = 0; k < n; k++, p += ch) {
            hists[off + k * step + (luma(bytes, p, ch) + 500) / 1000]++;
        }
    }

    /** {@link #luma(java.nio.ByteBuffer, int, int, int, int)} of the pixel at {@code bytes[p ..]}. */
    private static int luma(byte[] bytes, int p, int channels) {
        if (channels < 3) {
            return (bytes[p] & 0xFF) * 1000;
        }
        return 299 * (bytes[p + 2] & 0xFF) + 587 * (bytes[p + 1] & 0xFF) + 114 * (bytes[p] & 0xFF);
    }

    /** {@link #lineUniformities} of one line of {@code count} pixels from its histogram {@code hists[off ..]}. */
    private static long uniformity(int[] hists, int off, int count) {
        int window = 2 * RegionFinder.TOLERANCE + 1;
        int sum = 0;
        for (int v = 0; v < window; v++) {
            sum += hists[off + v];
        }
        int max = sum;
        int centre = RegionFinder.TOLERANCE;
        for (int v = window; v < 256; v++) {
            sum += hists[off + v] - hists[off + v - window];
            if (sum > max) {
                max = sum;
                centre = v - RegionFinder.TOLERANCE;
            }
        }
        return ((long) max * 1000 / count) << 8 | centre;
    }

    /**
     * The boundary b in [at - reach, at + reach] (within [lo, hi]) between lines b - 1 and b of the image (columns
     * when {@code vertical}) with the largest summed luma difference over [from, to); {@code at} when no
     * candidate has a step, or when {@code at} lies on the image's own edge.
     */
    private static int bestStep(
            DecodedImage image, boolean vertical, int at, int reach, int from, int to, int lo, int hi) {
        int limit = vertical ? image.width() : image.height();
        if (at <= 0 || at >= limit) {
            return at;
        }
        java.nio.ByteBuffer px = image.pixels();
        int ch = image.channels();
        int stride = image.rowStride();
        int best = at;
        long bestStep = -1;
        for (int b = Math.max(lo, at - reach); b <= Math.min(hi, at + reach); b++) {
            long step = 0;
            for (int i = from; i < to; i++) {
                step += vertical
                        ? Math.abs(luma(px, ch, stride, b, i) - luma(px, ch, stride, b - 1, i))
                        : Math.abs(luma(px, ch, stride, i, b) - luma(px, ch, stride, i, b - 1));
            }
            if (step > bestStep || (step == bestStep && Math.abs(b - at) < Math.abs(best - at))) {
                bestStep = step;
                best = b;
            }
        }
        return best;
    }

    /** Luma of image pixel (x, y) in thousandths ({@code 299 R + 587 G + 114 B}; grey images: the grey value). */
    private static int luma(java.nio.ByteBuffer px, int channels, int stride, int x, int y) {
        int p = y * stride + x * channels;
        if (channels < 3) {
            return (px.get(p) & 0xFF) * 1000;
        }
        return 299 * (px.get(p + 2) & 0xFF) + 587 * (px.get(p + 1) & 0xFF) + 114 * (px.get(p) & 0xFF);
    }

    /** The transform at {@code index} of {@link PdqResult#dihedral()}. */
    static Transform transform(int index) {
        return switch (index) {
            case 0 -> Transform.ORIGINAL;
            case 1 -> Transform.ROT90;
            case 2 -> Transform.ROT180;
            case 3 -> Transform.ROT270;
            case 4 -> Transform.FLIPX;
            case 5 -> Transform.FLIPY;
            case 6 -> Transform.FLIPPLUS1;
            case 7 -> Transform.FLIPMINUS1;
            default -> throw new IllegalArgumentException("no dihedral transform at " + index);
        };
    }

    private List<PdqVariant> cap(List<PdqVariant> out) {
        return out.size() <= policy.maxVariants() ? out : out.subList(0, policy.maxVariants());
    }
}
