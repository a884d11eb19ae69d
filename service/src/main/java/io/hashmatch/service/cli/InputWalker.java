package io.hashmatch.service.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Expands PATH arguments into the files to hash, in a deterministic order, reporting everything it does
 * not hash instead of skipping it silently.
 *
 * <p>Order: the arguments in the order given; each directory depth-first, its entries sorted by name
 * (byte order of the name on Unix), a subdirectory's contents where its name sorts. Only one directory
 * listing per depth is held in memory.
 *
 * <p>Symbolic links: a PATH argument is followed (the user named it). Inside a walked directory a link is
 * hashed through when it resolves to a regular file inside the argument's real directory tree; a link to a
 * directory (whose contents, if inside the tree, are walked where they really are), a link leading
 * outside the tree, and a dangling or looping link become {@link HashRecord#SYMLINK_NOT_FOLLOWED}
 * failures. FIFOs, sockets and devices become {@link HashRecord#NOT_REGULAR_FILE} failures (reading them
 * could block forever). A directory or entry that cannot be read becomes an
 * {@link HashRecord#IO_ERROR} failure.
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

  private final Visitor visitor;

  InputWalker(Visitor visitor) {
    this.visitor = visitor;
  }

  /** Walks {@code roots} in order. Each root must exist (the command checks before hashing starts). */
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
      visitor.failure(HashRecord.failure(root, HashRecord.IO_ERROR, "cannot read: " + reason(e)));
      return;
    }
    if (attrs.isRegularFile()) {
      visitor.file(root);
    } else if (attrs.isDirectory()) {
      Path realRoot;
      try {
        realRoot = root.toRealPath();
      } catch (IOException e) {
        visitor.failure(HashRecord.failure(root, HashRecord.IO_ERROR, "cannot resolve directory: " + reason(e)));
        return;
      }
      walkDirectory(root, realRoot);
    } else {
      visitor.failure(notRegularFile(root));
    }
  }

  private void walkDirectory(Path dir, Path realRoot) throws InterruptedException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path entry : stream) {
        entries.add(entry);
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      visitor.failure(HashRecord.failure(dir, HashRecord.IO_ERROR, "cannot list directory: " + reason(e)));
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
      visitor.failure(HashRecord.failure(entry, HashRecord.IO_ERROR, "cannot read: " + reason(e)));
      return;
    }
    if (attrs.isDirectory()) {
      walkDirectory(entry, realRoot);
    } else if (attrs.isRegularFile()) {
      visitor.file(entry);
    } else if (attrs.isSymbolicLink()) {
      visitLink(entry, realRoot);
    } else {
      visitor.failure(notRegularFile(entry));
    }
  }

  private void visitLink(Path link, Path realRoot) throws InterruptedException {
    Path target;
    try {
      target = link.toRealPath();
    } catch (IOException e) {
      visitor.failure(HashRecord.failure(link, HashRecord.SYMLINK_NOT_FOLLOWED,
          "symbolic link not followed: dangling or looping (" + reason(e) + ")"));
      return;
    }
    if (!target.startsWith(realRoot)) {
      visitor.failure(HashRecord.failure(link, HashRecord.SYMLINK_NOT_FOLLOWED,
          "symbolic link not followed: it leads outside " + realRoot));
    } else if (Files.isDirectory(target)) {
      visitor.failure(HashRecord.failure(link, HashRecord.SYMLINK_NOT_FOLLOWED,
          "symbolic link not followed: it leads to a directory"));
    } else if (Files.isRegularFile(target)) {
      visitor.file(link);
    } else {
      visitor.failure(notRegularFile(link));
    }
  }

  private static HashRecord notRegularFile(Path path) {
    return HashRecord.failure(path, HashRecord.NOT_REGULAR_FILE, "not a regular file (FIFO, socket or device)");
  }

  /** A one-line reason from an I/O exception, e.g. {@code "Permission denied"}. */
  static String reason(Exception e) {
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "No such file or directory";
    }
    if (e.getCause() instanceof IOException cause && e instanceof java.nio.file.DirectoryIteratorException) {
      return reason(cause);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
