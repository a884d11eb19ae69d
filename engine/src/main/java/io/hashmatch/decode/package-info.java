/**
 * Decoding: format detection from magic numbers, limits checked before pixels are allocated, and
 * decoders (OpenCV through JavaCV first, Commons Imaging, then ImageIO) behind one entry point.
 * Every failure is a {@link io.hashmatch.decode.DecodeException} with a {@link io.hashmatch.decode.DecodeError}.
 */
@NullMarked
package io.hashmatch.decode;

import org.jspecify.annotations.NullMarked;
