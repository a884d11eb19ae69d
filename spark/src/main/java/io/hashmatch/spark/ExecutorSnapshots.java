package io.hashmatch.spark;

import io.hashmatch.list.FileFormatException;
import io.hashmatch.list.HashListSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.spark.SparkFiles;
import org.apache.spark.util.LongAccumulator;

/**
 * The snapshots an executor JVM has opened: each snapshot file is opened once per JVM, whatever the number of tasks
 * and jobs, verified in full (every byte against its CRC32C) and checked against the checksum the driver verified,
 * then kept open (mapped, shared by the tasks) until the JVM ends.
 *
 * <p>Thread-safe: tasks of the same JVM that need the same snapshot at once open it once.
 */
final class ExecutorSnapshots {
    private static final ConcurrentMap<String, HashListSnapshot> OPEN = new ConcurrentHashMap<>();

    private ExecutorSnapshots() {}

    /**
     * The snapshot of {@code list}, opened and verified on first use in this JVM.
     *
     * @param opens counts the opens (one per JVM and snapshot)
     * @param openMillis adds the time each open took (mapping and full verification)
     * @throws IllegalStateException if the file is damaged or is not the version the driver verified
     */
    static HashListSnapshot get(ListRef list, LongAccumulator opens, LongAccumulator openMillis) {
        String key = list.fileChecksum() + ' ' + list.file();
        return OPEN.computeIfAbsent(key, k -> open(list, opens, openMillis));
    }

    private static HashListSnapshot open(ListRef list, LongAccumulator opens, LongAccumulator openMillis) {
        Path path = Path.of(list.shipped() ? SparkFiles.get(list.file()) : list.file());
        long start = System.nanoTime();
        HashListSnapshot s;
        try {
            s = HashListSnapshot.open(path);
        } catch (FileFormatException e) {
            throw new IllegalStateException(
                    "snapshot of list '" + list.name() + "' on this executor: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the snapshot of list '" + list.name() + "' at " + path, e);
        }
        if (!s.checksum().equals(list.fileChecksum())) {
            s.close();
            throw new IllegalStateException("snapshot " + path + " of list '" + list.name() + "' has checksum "
                    + s.checksum() + " on this executor, but the driver verified " + list.fileChecksum()
                    + ": the file changed, or executors do not see the driver's file");
        }
        opens.add(1);
        openMillis.add((System.nanoTime() - start) / 1_000_000);
        return s;
    }

    /** Closes every snapshot this JVM opened (tests; a job never needs it). */
    static void closeAll() {
        OPEN.values().forEach(HashListSnapshot::close);
        OPEN.clear();
    }
}
