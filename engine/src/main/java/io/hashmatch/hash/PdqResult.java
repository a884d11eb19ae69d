package io.hashmatch.hash;

import java.util.List;

/**
 * The PDQ hash of one image, its quality, and optionally the 8 dihedral variants.
 *
 * <p>Immutable; thread-safe.
 *
 * @param hash the PDQ hash
 * @param quality 0-100; the reference recommends ignoring hashes of quality below 50
 * @param dihedral empty, or the 8 variants in the reference's order: original, rotate 90, rotate 180,
 *     rotate 270, flip X, flip Y, flip +1 (transpose), flip -1 (anti-transpose)
 */
public record PdqResult(PdqHash hash, int quality, List<PdqHash> dihedral) {
    public PdqResult {
        dihedral = List.copyOf(dihedral);
        if (!dihedral.isEmpty() && dihedral.size() != 8) {
            throw new IllegalArgumentException("dihedral holds 0 or 8 hashes, not " + dihedral.size());
        }
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("quality out of 0..100: " + quality);
        }
    }
}
