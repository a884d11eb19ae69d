package io.hashmatch.service.cli;

import io.hashmatch.scan.ScanError;
import io.hashmatch.scan.TreeWalker;
import io.hashmatch.service.cli.output.HashRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * The CLI's view of the engine's {@link TreeWalker}: the same walk (order, links, FIFOs, unreadable
 * directories: see there), with each skipped path turned into a {@link HashRecord} failure whose error code
 * is the walker's {@link ScanError#code()} ({@link HashRecord#SYMLINK_NOT_FOLLOWED},
 * {@link HashRecord#NOT_REGULAR_FILE}, {@link HashRecord#IO_ERROR}).
 *
 * <p>Not thread-safe; one walk per instance at a time.
 */
final class InputWalker {
    /** Receives the walk's results in order. */
    interface Visitor {
        /** A regular file (or a link to one) to hash. */
        void file(Path file) throws InterruptedException;

        /** An input that will not be hashed, with the reason. */
        void failure(HashRecord failure) throws InterruptedException;
    }

    private final TreeWalker walker;

    InputWalker(Visitor visitor) {
        this.walker = new TreeWalker(new TreeWalker.Visitor() {
            @Override
            public void file(Path file) throws InterruptedException {
                visitor.file(file);
            }

            @Override
            public void skipped(Path path, ScanError error, String message) throws InterruptedException {
                visitor.failure(HashRecord.failure(path, error.code(), message));
            }
        });
    }

    /** Walks {@code roots} in order. Each root must exist (the command checks before hashing starts). */
    void walk(List<Path> roots) throws InterruptedException {
        walker.walk(roots);
    }
}
