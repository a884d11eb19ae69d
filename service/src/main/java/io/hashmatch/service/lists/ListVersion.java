package io.hashmatch.service.lists;

import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListDelta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded version of a list: its open snapshot, counted by the {@link ListCatalog}s that contain it. When the
 * last catalog holding it is released (no request uses it any more and a newer version or a deletion replaced
 * it), the snapshot is closed (its mapping unmapped, its metadata store closed if opened) and the files the
 * service created for it are deleted.
 *
 * <p>Thread-safe.
 */
final class ListVersion {
    private static final Logger LOG = LoggerFactory.getLogger(ListVersion.class);

    private final HashListSnapshot snapshot;
    /** The changes since the snapshot, for a list that changes live (an upload or a bank); null otherwise. */
    private final @Nullable ListDelta delta;

    private final ListInfo info;
    private final List<Path> ownedFiles;
    private final AtomicInteger catalogs = new AtomicInteger();
    /** Set when the files must outlive the process (an upload served again at the next start). */
    private volatile boolean keepFiles;
    /** Counted on first use (one byte per entry); -1 until then. Racing first calls count the same number. */
    private volatile int suppressionEntries = -1;

    /**
     * @param ownedFiles files created by the service for this version (work-directory snapshot and metadata),
     *     deleted when it is closed; empty for a snapshot served in place
     */
    ListVersion(HashListSnapshot snapshot, String origin, Instant loadedAt, List<Path> ownedFiles) {
        this(snapshot, null, origin, loadedAt, ownedFiles);
    }

    /** A version with its delta (null: not live); the delta's file is one of {@code ownedFiles}. */
    ListVersion(
            HashListSnapshot snapshot,
            @Nullable ListDelta delta,
            String origin,
            Instant loadedAt,
            List<Path> ownedFiles) {
        this.snapshot = snapshot;
        this.delta = delta;
        this.info = ListInfo.of(snapshot, origin, loadedAt);
        this.ownedFiles = List.copyOf(ownedFiles);
    }

    HashListSnapshot snapshot() {
        return snapshot;
    }

    ListInfo info() {
        return info;
    }

    @Nullable
    ListDelta delta() {
        return delta;
    }

    /** How many entries are suppression entries ({@link HashListSnapshot#isSuppression}). */
    int suppressionEntries() {
        int n = suppressionEntries;
        if (n < 0) {
            n = 0;
            for (int e = 0; e < snapshot.entryCount(); e++) {
                if (snapshot.isSuppression(e)) {
                    n++;
                }
            }
            suppressionEntries = n;
        }
        return n;
    }

    String name() {
        return info.name();
    }

    /** One more catalog holds this version; only called while another reference keeps it open. */
    void retain() {
        if (catalogs.getAndIncrement() < 0) {
            throw new IllegalStateException("list version " + info.name() + " " + info.version() + " is closed");
        }
    }

    /** A catalog let go of this version; the last one closes it. */
    void release() {
        int left = catalogs.decrementAndGet();
        if (left == 0) {
            close();
        } else if (left < 0) {
            throw new IllegalStateException("list version " + info.name() + " released more often than retained");
        }
    }

    /** Closing will unmap the snapshot but leave its files: the service is stopping and serves them again later. */
    void keepFiles() {
        keepFiles = true;
    }

    /** Whether {@code file} is one of the files this version owns. */
    boolean ownsFile(Path file) {
        return ownedFiles.contains(file);
    }

    /** Whether the snapshot was closed (for tests). */
    boolean closed() {
        return catalogs.get() == 0;
    }

    private void close() {
        catalogs.set(Integer.MIN_VALUE / 2); // a late retain() fails loudly instead of reviving it
        snapshot.close();
        if (delta != null) {
            try {
                delta.close();
            } catch (IOException e) {
                LOG.warn("cannot close {}: {}", delta.path(), e.toString());
            }
        }
        for (Path f : keepFiles ? List.<Path>of() : ownedFiles) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", f, e.toString());
            }
        }
        LOG.info("closed list {} version {} ({})", info.name(), info.version(), info.checksum());
    }
}
