package io.hashmatch.service.cli;

import io.hashmatch.scan.Scanner;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How {@code scan} reads files of unknown structure, mixed into it ({@link CommandLine.Mixin}): {@code --carve}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
final class CarveOptions {
    @Option(
            names = "--carve",
            description = "Carve every PATH as raw bytes (a memory dump, a file of unknown structure): the file's own"
                    + " hashes, then each JPEG, PNG, GIF, BMP, TIFF, WebP, MP4/MOV, AVI, WebM and ZIP found in it at any"
                    + " byte offset, hashed and matched in memory as FILE!/carved@0xOFFSET+LENGTH (an object cut short is"
                    + " carved_partial). Nothing carved is written to disk. --threads threads carve each file.")
    boolean carve;

    /** {@code builder} carving when {@code --carve} was given. */
    Scanner.Builder apply(Scanner.Builder builder) {
        return builder.carve(carve);
    }
}
