package io.hashmatch.service.cli;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.scan.QueryHashing;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Whether the images a command hashes and then matches are hashed with their query-side variants
 * ({@link QueryHashing}: on by default, as in the service and the web console), mixed into such commands
 * ({@link CommandLine.Mixin}): {@code --no-variants}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
final class QueryVariantOptions {
    @Option(
            names = "--no-variants",
            description = "Match each image's whole-image PDQ hash only. By default its query-side variants are matched"
                    + " too: the picture inside a border, letterbox bars or a meme frame, each tile of a collage, the"
                    + " photo inside a screenshot, their rotations and mirrors, the image with a translucent overlay"
                    + " taken out, and frames that put back what a small crop cut away (more CPU per image); a hit"
                    + " between variants names them.")
    boolean noVariants;

    /** The image hasher's builder these options ask for. */
    FileHasher.Builder hasher() {
        return QueryHashing.hasher(!noVariants);
    }
}
