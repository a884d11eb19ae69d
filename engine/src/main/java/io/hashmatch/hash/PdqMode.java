package io.hashmatch.hash;

/**
 * How pixels reach the PDQ algorithm. Both modes are bit-exact with Meta's reference.
 *
 * <p>Immutable; thread-safe.
 */
public enum PdqMode {
    /**
     * The algorithm at full resolution, as specified: what Meta's Python bindings and HMA produce. Default.
     */
    FULL_RESOLUTION,
    /**
     * First resize images larger than 512 pixels on either side to exactly 512x512 by nearest neighbour
     * (source column {@code floor(x * W / 512)}, same for rows; aspect ratio not kept), as Meta's C++
     * {@code pdq-photo-hasher} tool does, so that hashes made by that tool are reproduced.
     */
    REFERENCE_RESIZE
}
