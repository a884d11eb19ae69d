package io.hashmatch.scan;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Expands paths into the files under them, in a deterministic order, reporting everything it does not
 * hand over instead of skipping it silently. {@code hashmatch hash} and {@code hashmatch scan} both walk
 * with it.
 *
 * <p>Order: the roots in the order given; each directory depth-first, its entries sorted by name (byte
 * order of the name on Unix), a subdirectory's contents where its name sorts. Only one directory listing
 * per depth is held in memory.
 *
 * <p>Symbolic links: a root is followed (the user named it). Inside a walked directory a link is handed over
 * as a file when it resolves to a regular file inside the root's real directory tree; a link to a directory
 * (whose contents, if inside the tree, are walked where they really are), a link leading outside the tree,
 * and a dangling or looping link are {@link ScanError#SYMLINK_NOT_FOLLOWED}. FIFOs, sockets and devices are
 * {@link ScanError#NOT_REGULAR_FILE} (reading them could block forever). A directory or entry that cannot be
 * read is {@link ScanError#IO_ERROR}. Nothing is opened for writing and no attribute is changed.
 *
 * <p>Not thread-safe; one walk per instance at a time. Stops with {@link InterruptedException} when its
 * thread is interrupted.
 */
final class TreeWalker {
    /** Receives the walk's results in order. */
    interface Visitor {
        /**
         * A regular file (or a link to one inside the tree), with its size in bytes when the walk read its
         * attributes (a link's: its target's), which is all the walk knows of it: the file may change before it is
         * read.
         */
        void file(Path file, long size) throws InterruptedException;

        /** A path that is not handed over as a file, with the reason. */
        void skipped(Path path, ScanError error, String message) throws InterruptedException;
    }

    private final Visitor visitor;

    /** A walker reporting to {@code visitor}. */
    TreeWalker(Visitor visitor) {
        this.visitor = visitor;
    }

    /**
     * Walks {@code roots} in order. A root that does not exist is reported as {@link ScanError#IO_ERROR}.
     *
     * @throws InterruptedException if the thread was interrupted; the walk stops
     */
    void walk(List<Path> roots) throws InterruptedException {
        for (Path root : roots) {
            walkRoot(root);
        }
    }

    private void walkRoot(Path root) throws InterruptedException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(root, BasicFileAttributes.class); // follows a link named by the user
        } catch (IOException e) {
            visitor.skipped(root, ScanError.IO_ERROR, "cannot read: " + reason(e));
            return;
        }
        if (attrs.isRegularFile()) {
            visitor.file(root, attrs.size());
        } else if (attrs.isDirectory()) {
            Path realRoot;
            try {
                realRoot = root.toRealPath();
            } catch (IOException e) {
                visitor.skipped(root, ScanError.IO_ERROR, "cannot resolve directory: " + reason(e));
                return;
            }
            walkDirectory(root, realRoot);
        } else {
            notRegularFile(root);
        }
    }

    private void walkDirectory(Path dir, Path realRoot) throws InterruptedException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                entries.add(entry);
            }
        } catch (IOException | DirectoryIteratorException e) {
            visitor.skipped(dir, ScanError.IO_ERROR, "cannot list directory: " + reason(e));
            return;
        }
        Collections.sort(entries); // same parent: sorts by name
        for (Path entry : entries) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            visitEntry(entry, realRoot);
        }
    }

    private void visitEntry(Path entry, Path realRoot) throws InterruptedException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            visitor.skipped(entry, ScanError.IO_ERROR, "cannot read: " + reason(e));
            return;
        }
        if (attrs.isDirectory()) {
            walkDirectory(entry, realRoot);
        } else if (attrs.isRegularFile()) {
            visitor.file(entry, attrs.size());
        } else if (attrs.isSymbolicLink()) {
            visitLink(entry, realRoot);
        } else {
            notRegularFile(entry);
        }
    }

    private void visitLink(Path link, Path realRoot) throws InterruptedException {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            visitor.skipped(
                    link,
                    ScanError.SYMLINK_NOT_FOLLOWED,
                    "symbolic link not followed: dangling or looping (" + reason(e) + ")");
            return;
        }
        if (!target.startsWith(realRoot)) {
            visitor.skipped(
                    link, ScanError.SYMLINK_NOT_FOLLOWED, "symbolic link not followed: it leads outside " + realRoot);
            return;
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, BasicFileAttributes.class);
        } catch (IOException e) {
            visitor.skipped(link, ScanError.IO_ERROR, "cannot read: " + reason(e));
            return;
        }
        if (attrs.isDirectory()) {
            visitor.skipped(
                    link, ScanError.SYMLINK_NOT_FOLLOWED, "symbolic link not followed: it leads to a directory");
        } else if (attrs.isRegularFile()) {
            visitor.file(link, attrs.size());
        } else {
            notRegularFile(link);
        }
    }

    private void notRegularFile(Path path) throws InterruptedException {
        visitor.skipped(path, ScanError.NOT_REGULAR_FILE, "not a regular file (FIFO, socket or device)");
    }

    /** A one-line reason from an I/O exception, e.g. {@code "Permission denied"}. */
    static String reason(Exception e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof DirectoryIteratorException die) {
            return reason(Objects.requireNonNull(die.getCause())); // its constructor requires a cause
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
