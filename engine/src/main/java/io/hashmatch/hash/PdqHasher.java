package io.hashmatch.hash;

import io.hashmatch.decode.DecodedImage;

/**
 * Computes PDQ hashes from decoded pixels, bit-exact with Meta's reference.
 *
 * <p>Not thread-safe: an instance owns reusable buffers; use one per thread.
 */
public final class PdqHasher {
  // TODO(me): implement.
  public PdqHasher(PdqMode mode) {
  }

  /** Hashes the image; with {@code dihedral}, also the 8 dihedral variants. */
  public PdqResult hash(DecodedImage image, boolean dihedral) {
    throw new UnsupportedOperationException("TODO");
  }
}
