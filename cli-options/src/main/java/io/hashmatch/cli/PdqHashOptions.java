package io.hashmatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How the commands that hash images into records ({@code hash}, the Spark job {@code hash}) compute PDQ, mixed into
 * each ({@link CommandLine.Mixin}): {@code --dihedral}, {@code --reference-resize} and {@code --fast}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
public final class PdqHashOptions {
    @Option(
            names = "--dihedral",
            description = "Also output the 8 dihedral PDQ hashes: original, rotate 90, rotate 180, rotate 270,"
                    + " flip X, flip Y, flip +1, flip -1 (field \"dihedral\"; in CSV, space-separated).")
    boolean dihedral;

    @Option(
            names = "--reference-resize",
            description = "Resize images larger than 512 pixels to 512x512 (nearest neighbour) first, as Meta's"
                    + " pdq-photo-hasher tool does, to reproduce its hashes. Default: the full-resolution algorithm.")
    boolean referenceResize;

    @Option(
            names = "--fast",
            description = "Decode large JPEGs at reduced scale: faster, but PDQ hashes are not bit-exact.")
    boolean fast;

    /** The options off, until picocli sets them. */
    public PdqHashOptions() {}

    /** Whether the 8 dihedral hashes are output too. */
    public boolean dihedral() {
        return dihedral;
    }

    /** Whether images are resized to 512x512 first (the reference tool's hashes). */
    public boolean referenceResize() {
        return referenceResize;
    }

    /** Whether large JPEGs are decoded at reduced scale. */
    public boolean fast() {
        return fast;
    }
}
