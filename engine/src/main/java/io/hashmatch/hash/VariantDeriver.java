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
    private final VariantPolicy policy;
    private final LumaPlane plane = new LumaPlane();
    private final PdqHasher hasher = new PdqHasher(PdqMode.FULL_RESOLUTION);

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
        for (RegionFinder.Region r : new RegionFinder(plane).regions(policy.kinds())) {
            if (out.size() >= policy.maxVariants()) {
                break;
            }
            PdqResult h = hasher.hash(plane.asImage(), r.x(), r.y(), r.width(), r.height(), policy.regionTransforms());
            if (h.quality() < policy.minQuality()) {
                continue;
            }
            Rect rect = plane.toImage(r.x(), r.y(), r.width(), r.height());
            out.add(new PdqVariant(r.kind(), Transform.ORIGINAL, rect, h.hash(), h.quality()));
            for (int t = 1; t < h.dihedral().size(); t++) {
                out.add(new PdqVariant(
                        r.kind(), transform(t), rect, h.dihedral().get(t), h.quality()));
            }
        }
        return cap(out);
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
