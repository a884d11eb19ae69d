package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeWalkerTest {
    @TempDir
    Path tmp;

    /** Walks and renders each visit as "file <relative path>" or "<code> <relative path>". */
    /** The sizes the last {@link #walk} handed over with its files, in order. */
    private final List<Long> sizes = new ArrayList<>();

    private List<String> walk(Path... roots) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        sizes.clear();
        new TreeWalker(new TreeWalker.Visitor() {
                    @Override
                    public void file(Path file, long size) {
                        seen.add("file " + tmp.relativize(file));
                        sizes.add(size);
                    }

                    @Override
                    public void skipped(Path path, ScanError error, String message) {
                        seen.add(error.code() + " " + tmp.relativize(path));
                    }
                })
                .walk(List.of(roots));
        return seen;
    }

    private Path touch(String relative) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, relative);
    }

    @Test
    void depthFirstSortedByNameArgumentsInGivenOrder() throws Exception {
        touch("d/b.jpg");
        touch("d/a/z.png");
        touch("d/a/y/x.gif");
        touch("d/C.png"); // upper case sorts before lower case (byte order)
        touch("d/a.txt");
        touch("d/c/empty/.keep");
        touch("single.jpg");
        assertThat(walk(tmp.resolve("single.jpg"), tmp.resolve("d"), tmp.resolve("single.jpg")))
                .containsExactly(
                        "file single.jpg",
                        "file d/C.png",
                        "file d/a/y/x.gif",
                        "file d/a/z.png",
                        "file d/a.txt",
                        "file d/b.jpg",
                        "file d/c/empty/.keep",
                        "file single.jpg");
        // each file holds its own relative path: its size is that path's length
        assertThat(sizes).containsExactly(10L, 7L, 11L, 9L, 7L, 7L, 15L, 10L);
    }

    @Test
    void symbolicLinksFollowedOnlyToRegularFilesInsideTheTree() throws Exception {
        touch("outside.jpg");
        touch("tree/real.jpg");
        touch("tree/sub/deep.jpg");
        Path tree = tmp.resolve("tree");
        Files.createSymbolicLink(tree.resolve("l1-inside-file"), tree.resolve("sub/deep.jpg"));
        Files.createSymbolicLink(tree.resolve("l2-outside-file"), tmp.resolve("outside.jpg"));
        Files.createSymbolicLink(tree.resolve("l3-dir"), tree.resolve("sub"));
        Files.createSymbolicLink(tree.resolve("l4-dangling"), tree.resolve("nothing-here"));
        Files.createSymbolicLink(tree.resolve("l5-loop"), tree.resolve("l5-loop"));
        Files.createSymbolicLink(tree.resolve("l6-relative-up"), Path.of("../outside.jpg"));
        assertThat(walk(tree))
                .containsExactly(
                        "file tree/l1-inside-file",
                        "symlink_not_followed tree/l2-outside-file",
                        "symlink_not_followed tree/l3-dir",
                        "symlink_not_followed tree/l4-dangling",
                        "symlink_not_followed tree/l5-loop",
                        "symlink_not_followed tree/l6-relative-up",
                        "file tree/real.jpg",
                        "file tree/sub/deep.jpg");
        // a link's size is its target's ("tree/sub/deep.jpg"), not the link's own
        assertThat(sizes).containsExactly(17L, 13L, 17L);
    }

    @Test
    void linkNamedOnTheCommandLineIsFollowed() throws Exception {
        touch("elsewhere/a.jpg");
        Files.createSymbolicLink(tmp.resolve("link-to-dir"), tmp.resolve("elsewhere"));
        Files.createSymbolicLink(tmp.resolve("link-to-file"), tmp.resolve("elsewhere/a.jpg"));
        assertThat(walk(tmp.resolve("link-to-dir"), tmp.resolve("link-to-file")))
                .containsExactly("file link-to-dir/a.jpg", "file link-to-file");
        assertThat(sizes).containsExactly(15L, 15L);
    }

    @Test
    void fifoIsReportedNotRead() throws Exception {
        touch("d/a.jpg");
        Path fifo = tmp.resolve("d/pipe");
        assumeTrue(run("mkfifo", fifo.toString()) == 0, "mkfifo not available");
        assertThat(walk(tmp.resolve("d"), fifo))
                .containsExactly("file d/a.jpg", "not_regular_file d/pipe", "not_regular_file d/pipe");
    }

    @Test
    void unreadableDirectoryIsAnIoErrorRecord() throws Exception {
        touch("d/a.jpg");
        touch("d/locked/secret.jpg");
        touch("d/z.jpg");
        Path locked = tmp.resolve("d/locked");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assumeTrue(!Files.isReadable(locked), "running as root: permissions are not enforced");
            assertThat(walk(tmp.resolve("d"))).containsExactly("file d/a.jpg", "io_error d/locked", "file d/z.jpg");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException e) {
            return -1;
        }
    }
}
