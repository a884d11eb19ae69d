package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.ChildJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process while it writes snapshots and shows that the target always opens and verifies: it is
 * the previous snapshot or a complete new one, never a torn one.
 */
class SnapshotKillTest {
    @TempDir
    Path dir;

    /** Entry point of the child process: rewrites the target forever with growing lists. */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        for (int round = 1; ; round++) {
            HashListSnapshotTest.sample(200_000 + round, round).write(target);
            System.out.println("wrote " + round);
            System.out.flush();
        }
    }

    @Test
    void killedWriterLeavesOldOrNewSnapshotNeverATornOne() throws Exception {
        Path target = dir.resolve("list.hmsnap");
        HashListSnapshotTest.sample(1000, 0).write(target);
        for (long delayMs : new long[] {0, 20, 45, 90}) {
            try (ChildJvm child = ChildJvm.start(dir, ChildJvm.command(SnapshotKillTest.class, target.toString()))) {
                // Let it finish one snapshot, then kill it at some point of the next write.
                child.awaitLine("wrote 1");
                Thread.sleep(delayMs);
                child.kill();
            }
            try (HashListSnapshot s = HashListSnapshot.open(target)) {
                // One complete list the child finished (round 1 at least), whatever it was doing when killed.
                assertThat(s.entryCount()).isGreaterThan(200_000);
                assertThat(s.pdqCount()).isEqualTo(s.entryCount());
            }
        }
    }
}
