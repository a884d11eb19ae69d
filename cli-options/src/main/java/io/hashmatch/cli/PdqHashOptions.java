package io.hashmatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * How the commands that hash images into records ({@code hash}, the Spark job {@code hash}) compute PDQ, mixed into
 * each ({@link CommandLine.Mixin}): {@code --dihedral}, {@code --reference-resize} and {@code --fast}. A command whose
 * model is built in code takes the same options from {@link #mixin()}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
public final class PdqHashOptions {
    private static final String DIHEDRAL = "Also output the 8 dihedral PDQ hashes: original, rotate 90, rotate 180,"
            + " rotate 270, flip X, flip Y, flip +1, flip -1 (field \"dihedral\"; in CSV, space-separated).";
    private static final String REFERENCE_RESIZE = "Resize images larger than 512 pixels to 512x512 (nearest neighbour)"
            + " first, as Meta's pdq-photo-hasher tool does, to reproduce its hashes. Default: the full-resolution"
            + " algorithm.";
    private static final String FAST = "Decode large JPEGs at reduced scale: faster, but PDQ hashes are not bit-exact.";

    @Option(names = "--dihedral", description = DIHEDRAL)
    boolean dihedral;

    @Option(names = "--reference-resize", description = REFERENCE_RESIZE)
    boolean referenceResize;

    @Option(names = "--fast", description = FAST)
    boolean fast;

    /** The options off, until picocli sets them. */
    public PdqHashOptions() {}

    /**
     * The options above as a picocli mixin built in code and bound to this object: the annotations' model without
     * reading them (a start-up cost; see {@link OptionBinding}). The CLI's tests check that the two agree.
     */
    public CommandSpec mixin() {
        return CommandSpec.create()
                .addOption(OptionBinding.bind(
                                OptionSpec.builder("--dihedral")
                                        .type(boolean.class)
                                        .description(DIHEDRAL),
                                () -> dihedral,
                                (Boolean v) -> dihedral = v)
                        .build())
                .addOption(OptionBinding.bind(
                                OptionSpec.builder("--reference-resize")
                                        .type(boolean.class)
                                        .description(REFERENCE_RESIZE),
                                () -> referenceResize,
                                (Boolean v) -> referenceResize = v)
                        .build())
                .addOption(OptionBinding.bind(
                                OptionSpec.builder("--fast").type(boolean.class).description(FAST),
                                () -> fast,
                                (Boolean v) -> fast = v)
                        .build());
    }

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
