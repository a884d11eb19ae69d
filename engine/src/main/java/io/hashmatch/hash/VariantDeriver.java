package io.hashmatch.hash;

import io.hashmatch.decode.DecodedImage;
import io.hashmatch.hash.PdqVariant.Kind;
import io.hashmatch.hash.PdqVariant.Rect;
import io.hashmatch.hash.PdqVariant.Transform;
import java.util.ArrayList;
import java.util.List;

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
    /** Where the image may sit in an {@link Kind#UNCROP} frame, as a share of the frame's margin: left/top first. */
    static final double[] UNCROP_ANCHORS = {0, 0.25, 0.5, 0.75, 1};
    /** Longest side of the plane {@link Kind#UNCROP} frames are built on: PDQ keeps a 64x64 blur only. */
    static final int UNCROP_SIDE = 256;
    /** Index of the left-right mirror ({@link Transform#FLIPY}, about the vertical axis) in {@link PdqResult#dihedral()}. */
    private static final int MIRROR_INDEX = 5;

    private final VariantPolicy policy;
    private final LumaPlane plane = new LumaPlane();
    private final LumaPlane small = new LumaPlane(UNCROP_SIDE);
    private final PdqHasher hasher = new PdqHasher(PdqMode.FULL_RESOLUTION);
    private final RegionSampler sampler = new RegionSampler();
    private boolean planeSampled;

    VariantDeriver(VariantPolicy policy) {
        this.policy = policy;
    }

    /**
     * The variants of {@code image}.
     *
     * @param whole the whole image's result with its 8 dihedral hashes (the source of {@link Kind#DIHEDRAL})
     */
    List<PdqVariant> derive(DecodedImage image, PdqResult whole) {
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
        plane.fill(image);
        planeSampled = false;
        List<RegionFinder.Region> regions = new RegionFinder(plane).regions(policy.kinds());
        for (RegionFinder.Region r : regions) {
            if (out.size() >= policy.maxVariants()) {
                break;
            }
            Rect rect = plane.toImage(r.x(), r.y(), r.width(), r.height());
            PdqResult h;
            if (r.kind() == Kind.CROP || r.kind() == Kind.GRID) {
                // many fixed fractions of the image, not found edges: sampled from the reduced plane, far cheaper
                if (!planeSampled) {
                    sampler.load(plane);
                    planeSampled = true;
                }
                h = sampler.hash(r.x(), r.y(), r.width(), r.height());
            } else {
                if (plane.scale() > 1) {
                    rect = snap(image, rect, plane.scale());
                }
                // PDQ moves many bits for a shift of half a percent: found regions are hashed at full resolution
                h = hasher.hash(image, rect.x(), rect.y(), rect.width(), rect.height(), policy.regionTransforms());
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
        // a picture with borders, tiles or an embedded photo was wrapped, not cropped
        if (policy.kinds().contains(Kind.UNCROP) && regions.isEmpty()) {
            uncrop(image, out);
        }
        return cap(out);
    }

    /**
     * Adds the {@link Kind#UNCROP} variants: the plane, reduced to at most {@link #UNCROP_SIDE} a side, placed in
     * a frame {@code 1 / (1 - UNCROP_FRACTION)} times its size at each pair of {@link #UNCROP_ANCHORS}, the
     * margin filled by repeating the nearest edge pixel (closer to the cut-away content than a mirror or a mean
     * colour); each frame hashed as is and mirrored left to right ({@link Transform#FLIPY}: a crop often comes with a
     * mirror). Frames are placed to a fraction of a pixel and hashed by sampling ({@link RegionSampler}).
     */
    private void uncrop(DecodedImage image, List<PdqVariant> out) {
        small.fill(plane.asImage());
        int w = small.width();
        int h = small.height();
        if (w < RegionFinder.MIN_SIDE || h < RegionFinder.MIN_SIDE) {
            return;
        }
        sampler.load(small);
        double fw = w / (1 - UNCROP_FRACTION);
        double fh = h / (1 - UNCROP_FRACTION);
        double sx = image.width() / (double) w;
        double sy = image.height() / (double) h;
        for (double ay : UNCROP_ANCHORS) {
            for (double ax : UNCROP_ANCHORS) {
                double left = ax * (fw - w);
                double top = ay * (fh - h);
                PdqResult r = sampler.hash(-left, -top, fw, fh);
                if (r.quality() < policy.minQuality()) {
                    continue;
                }
                Rect rect = new Rect(
                        (int) Math.round(left * sx), (int) Math.round(top * sy), (int) Math.round(fw * sx), (int)
                                Math.round(fh * sy));
                out.add(new PdqVariant(Kind.UNCROP, Transform.ORIGINAL, rect, r.hash(), r.quality()));
                out.add(new PdqVariant(
                        Kind.UNCROP, Transform.FLIPY, rect, r.dihedral().get(MIRROR_INDEX), r.quality()));
            }
        }
    }

    /**
     * {@code rect} with each edge moved, by at most {@code reach} image pixels, to the line of the strongest step
     * along the whole edge (the mean luma difference between the line just outside and the line just inside): a
     * region found on the reduced plane is off by up to one plane pixel, and its edges are straight.
     */
    static Rect snap(DecodedImage image, Rect rect, int reach) {
        int x0 = rect.x();
        int y0 = rect.y();
        int x1 = rect.x() + rect.width();
        int y1 = rect.y() + rect.height();
        int nx0 = bestStep(image, true, x0, reach, y0, y1, 1, x1 - 1);
        int nx1 = bestStep(image, true, x1, reach, y0, y1, nx0 + 1, image.width() - 1);
        int ny0 = bestStep(image, false, y0, reach, nx0, nx1, 1, y1 - 1);
        int ny1 = bestStep(image, false, y1, reach, nx0, nx1, ny0 + 1, image.height() - 1);
        return new Rect(nx0, ny0, nx1 - nx0, ny1 - ny0);
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
