package io.hashmatch.service.cli;

import io.hashmatch.list.DurableFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * File checks and writes shared by the list and match commands: a missing input or an impossible output is a
 * usage error (exit 1), reported before any work.
 *
 * <p>Stateless; thread-safe.
 */
final class CliFiles {
    private CliFiles() {}

    /** Writes the content of a file; see {@link #writeAtomically}. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Throws a usage error unless {@code file} is an existing regular file (or a link to one).
     *
     * @throws CommandLine.ParameterException naming the file
     */
    static void requireFile(CommandLine cmd, Path file) {
        if (!Files.exists(file)) {
            throw new InvalidInputException(cmd, "no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(cmd, "not a regular file: " + file);
        }
    }

    /**
     * Throws a usage error unless {@code file} can be created or replaced: its folder exists and it is not a
     * folder itself.
     *
     * @throws CommandLine.ParameterException naming the file
     */
    static void requireWritableTarget(CommandLine cmd, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidInputException(cmd, "no such folder for " + file);
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(cmd, "is a folder, not a file: " + file);
        }
    }

    /**
     * Writes {@code target} through a temporary file beside it and a rename ({@link DurableFiles#replace}), so that it
     * is either the previous file or the complete new one, never half-written.
     */
    static void writeAtomically(Path target, Content content) throws IOException {
        DurableFiles.replace(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
        });
    }
}
