package io.hashmatch.hash;

import io.hashmatch.hash.PdqVariant.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the regions of a {@link LumaPlane} worth hashing as variants, in plane pixels, deterministically.
 *
 * <p>Stateless; thread-safe.
 */
final class RegionFinder {
    /** Centred crops of the list side, as fractions of each side. */
    static final double[] CROP_SCALES = {0.9, 0.8, 0.7};
    /** Overlapping grid of the list side: cells of half each side, every quarter. */
    static final int GRID_STEPS = 3;

    private RegionFinder() {}

    /** A region of the plane and why it was chosen. */
    record Region(Kind kind, int x, int y, int width, int height) {}

    /** The regions of {@code plane} for the given kinds, in the order of {@link Kind}. */
    static List<Region> regions(LumaPlane plane, Set<Kind> kinds) {
        List<Region> out = new ArrayList<>();
        int w = plane.width();
        int h = plane.height();
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
                    out.add(new Region(
                            Kind.GRID, gx * (w - cw) / (GRID_STEPS - 1), gy * (h - ch) / (GRID_STEPS - 1), cw, ch));
                }
            }
        }
        return out;
    }
}
