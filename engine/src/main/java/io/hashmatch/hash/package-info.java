/**
 * Hashing: PDQ (perceptual, 256 bits) from decoded pixels, and MD5/SHA-1/SHA-256 from file bytes.
 * Public: {@link io.hashmatch.hash.PdqHash}, {@link io.hashmatch.hash.PdqHasher},
 * {@link io.hashmatch.hash.FileHasher} and their value types; the arithmetic is package-private.
 */
@NullMarked
package io.hashmatch.hash;

import org.jspecify.annotations.NullMarked;
