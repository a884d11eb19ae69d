package io.hashmatch.scan;

import io.hashmatch.list.HashListSnapshot;
import java.nio.file.Path;
import java.util.List;

/** {@link ScanTree} for tests in other packages. */
public final class ScanTreeAccess {
    public static final Path SNAPSHOT = ScanTree.SNAPSHOT;

    private ScanTreeAccess() {}

    /** The generated tree, without the FIFO. */
    public static Path build(Path dir) throws Exception {
        return ScanTree.build(dir, false);
    }

    /** A two-thread scan of {@code root} against {@code snapshot}. */
    public static ScanResult scan(Path root, HashListSnapshot snapshot, Path journal, boolean thumbnails)
            throws Exception {
        return Scanner.newBuilder()
                .hasher(ScanTree.hasher())
                .matcher(ScanTree.matcher(snapshot), "demo")
                .journal(journal)
                .threads(2)
                .thumbnails(thumbnails ? io.hashmatch.report.BlurredThumbnail::dataUri : null)
                .build()
                .run(List.of(root));
    }
}
