package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.ChildJvm;
import io.hashmatch.Seeds;
import io.hashmatch.hash.PdqHash;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A process killed with SIGKILL while it upgrades delta files of versions 1 and 2 to version 3 (the append of a batch
 * that needs version 3 rewrites the header first): every file then opens, is of its old version or of version 3,
 * never torn, and holds every entry it held before, unchanged; a file whose upgrading append was acknowledged holds
 * that batch too. The child upgrades one file after another and is killed a seeded time after it opened a seeded one
 * of them, so the kill lands before, inside and after the header write of that file.
 */
@ExtendWith(Seeds.Report.class)
class ListDeltaUpgradeKillTest {
    private static final String BASE_ID = ListDeltaFileTest.BASE_ID;
    private static final int BASE_ENTRIES = 3;
    private static final int FILES = 24;
    private static final String DETAILS = "{\"content_id\":\"c-1\"}";

    @TempDir
    Path dir;

    static Stream<Long> seeds() {
        return Seeds.of("ListDeltaUpgradeKillTest.killedUpgradeLeavesOldOrNewVersionWithEveryEntry", 5);
    }

    /** File {@code i}: version 1 for even i, 2 for odd i. */
    private static int oldVersion(int i) {
        return 1 + i % 2;
    }

    private static Path file(Path dir, int i) {
        return dir.resolve("upgrade-" + i + ListDelta.EXTENSION);
    }

    /** What file {@code i} holds before the upgrade: two batches of its version, the second with a removal. */
    private static List<List<ListDelta.Change>> before(int i) {
        Random r = new Random(i);
        List<ListDelta.Change> first = new ArrayList<>();
        for (int k = 0; k < 5 + i; k++) {
            PdqHash pdq = PdqHash.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
            String label = i + "/" + k + " é";
            first.add(
                    oldVersion(i) == 1
                            ? new ListDelta.Add(pdq, k % 3 == 0 ? "0123456789abcdef0123456789abcdef" : null, label)
                            : new ListDelta.Add(pdq, null, label, "A" + k % 2, Instant.ofEpochMilli(1_000_000L * k)));
        }
        List<ListDelta.Change> second = List.of(
                new ListDelta.Add(null, "d41d8cd98f00b204e9800998ecf8427e", "md5 only " + i),
                new ListDelta.Remove(1),
                new ListDelta.Remove(BASE_ENTRIES + 2));
        return List.of(first, second);
    }

    /** The batch that needs version 3. */
    private static List<ListDelta.Change> upgrading(int i) {
        return List.of(
                new ListDelta.Add(ListDeltaFileTest.H1, null, "upgrade " + i, null, null, DETAILS),
                new ListDelta.Remove(BASE_ENTRIES));
    }

    /**
     * Entry point of the child process: upgrades files 0 .. FILES-1 of the directory in order, printing "open i"
     * once file i is open and "appended i" once its upgrading append returned; then "done", and it waits to be
     * killed (a kill after the last file is one of the cases, and the kill must land: {@link ChildJvm#kill()}).
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; i < FILES; i++) {
            try (ListDelta d = ListDelta.open(file(dir, i), BASE_ID, BASE_ENTRIES)) {
                System.out.println("open " + i);
                System.out.flush();
                d.append(upgrading(i));
                System.out.println("appended " + i);
                System.out.flush();
            }
        }
        System.out.println("done");
        System.out.flush();
        new CountDownLatch(1).await(); // until the SIGKILL
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void killedUpgradeLeavesOldOrNewVersionWithEveryEntry(long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < FILES; i++) {
            try (ListDelta d = ListDelta.open(file(dir, i), BASE_ID, BASE_ENTRIES, oldVersion(i))) {
                for (List<ListDelta.Change> batch : before(i)) {
                    d.append(batch);
                }
            }
            assertThat(headerVersion(file(dir, i))).isEqualTo(oldVersion(i));
        }
        int killAfterOpen = random.nextInt(FILES);
        long killDelayMicros = random.nextInt(4000);

        List<String> output;
        try (ChildJvm child = ChildJvm.start(dir, ChildJvm.command(ListDeltaUpgradeKillTest.class, dir.toString()))) {
            child.awaitLine("open " + killAfterOpen);
            long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(killDelayMicros);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            child.kill(); // SIGKILL: no shutdown hook, no close
            output = child.lines();
        }
        Set<Integer> acknowledged = new HashSet<>();
        for (String line : output) {
            if (line.startsWith("appended ")) {
                acknowledged.add(Integer.parseInt(line.substring("appended ".length())));
            }
        }
        assertThat(output)
                .as("the child reached file %d (kill %d us after it opened it)", killAfterOpen, killDelayMicros)
                .contains("open " + killAfterOpen);

        for (int i = 0; i < FILES; i++) {
            Path f = file(dir, i);
            int version = headerVersion(f);
            String where = "file " + i + " (version " + oldVersion(i) + ", kill " + killDelayMicros
                    + " us after opening file " + killAfterOpen + ")";
            assertThat(version).as(where).isIn(oldVersion(i), ListDelta.VERSION_CURRENT);
            try (ListDelta d = ListDelta.open(f, BASE_ID, BASE_ENTRIES)) {
                ListDelta.View v = d.view();
                List<ListDelta.Add> adds = new ArrayList<>();
                for (List<ListDelta.Change> batch : before(i)) {
                    for (ListDelta.Change c : batch) {
                        if (c instanceof ListDelta.Add a) {
                            adds.add(a);
                        }
                    }
                }
                for (int k = 0; k < adds.size(); k++) {
                    assertThat(v.asAdd(BASE_ENTRIES + k)).as(where).isEqualTo(adds.get(k));
                }
                assertThat(v.isRemoved(1)).as(where).isTrue();
                assertThat(v.isRemoved(BASE_ENTRIES + 2)).as(where).isTrue();
                boolean upgraded = v.added() > adds.size();
                if (upgraded) {
                    assertThat(version).as(where).isEqualTo(ListDelta.VERSION_CURRENT);
                    assertThat(v.added()).as(where).isEqualTo(adds.size() + 1);
                    assertThat(v.asAdd(BASE_ENTRIES + adds.size()))
                            .as(where)
                            .isEqualTo(upgrading(i).getFirst());
                    assertThat(v.isRemoved(BASE_ENTRIES)).as(where).isTrue();
                } else {
                    assertThat(acknowledged)
                            .as(where + ": an acknowledged batch")
                            .doesNotContain(i);
                    assertThat(v.added()).as(where).isEqualTo(adds.size());
                    assertThat(v.isRemoved(BASE_ENTRIES)).as(where).isFalse();
                }
                assertThat(v.removals()).as(where).isEqualTo(upgraded ? 3 : 2);
                // and the file takes the upgrading batch now, whatever its state
                if (!upgraded) {
                    d.append(upgrading(i));
                }
            }
            assertThat(headerVersion(f)).as(where).isEqualTo(ListDelta.VERSION_CURRENT);
            try (ListDelta d = ListDelta.open(f, BASE_ID, BASE_ENTRIES)) {
                assertThat(d.view().details(d.view().baseEntries() + d.view().added() - 1))
                        .as(where)
                        .isEqualTo(DETAILS);
            }
        }
    }

    private static int headerVersion(Path delta) throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(delta), 8, 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getInt();
    }
}
