package io.hashmatch.service.lists;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.ChildJvm;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.ListDelta;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Background compaction of a live list: lookups go on (also while the switch holds the lock changes wait for),
 * changes made while it runs are kept, entry numbers (HMA content ids) and metadata stay across compactions and
 * restarts, an addition is matchable as soon as {@code change} returns, and a process killed with SIGKILL at each
 * step of a compaction leaves the last committed state.
 */
class LiveCompactionTest {
    private static final PdqHash H =
            PdqHash.fromHex("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22");

    @TempDir
    Path dir;

    private ListRegistry registry(Path work, int afterChanges) throws InterruptedException {
        ListRegistry r = new ListRegistry(
                new ListsConfiguration(List.of(), work.toString(), false, 50, false, Duration.ZERO),
                FollowConfiguration.NONE,
                new CompactionConfiguration(afterChanges, 0, 0));
        r.start();
        r.awaitInitialLoad();
        return r;
    }

    @Test
    void compactionRunsBesideLookupsAndChangesAndKeepsIdsAndMetadataAcrossARestart() throws Exception {
        Path work = dir.resolve("work");
        Random random = new Random(4242);
        Map<Integer, LiveBankScript.Entry> expected = new TreeMap<>();
        CountDownLatch atOpened = new CountDownLatch(1);
        CountDownLatch resumeOpened = new CountDownLatch(1);
        CountDownLatch atCaughtUp = new CountDownLatch(1);
        CountDownLatch resumeCaughtUp = new CountDownLatch(1);
        ListRegistry r = registry(work, 40);
        try {
            r.onCompactionPhase(phase -> {
                try {
                    if (phase.equals("opened")) {
                        atOpened.countDown();
                        resumeOpened.await();
                    } else if (phase.equals("caught-up")) {
                        atCaughtUp.countDown();
                        resumeCaughtUp.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(r.create("bank")).isTrue();
            String firstVersion = version(r);
            // 40 additions: due; the compaction stops after writing the new version, before the switch
            List<ListDelta.Change> first = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                first.add(add(random, i % 7 == 0 ? "ncmec:" + i : "", "cat" + (i % 3), i));
            }
            int[] ids = r.change("bank", first);
            record(expected, first, ids);
            assertThat(atOpened.await(60, TimeUnit.SECONDS)).isTrue();
            // meanwhile: additions matchable as soon as change returns, removals of old and new entries
            for (int i = 0; i < 5; i++) {
                ListDelta.Add a = add(random, "late:" + i, null, 100 + i);
                int id = r.change("bank", List.of(a))[0];
                assertThat(id).isEqualTo(40 + i);
                record(expected, List.of(a), new int[] {id});
                assertThat(hits(r, a.pdq()))
                        .as("matchable on return of the add")
                        .contains(id);
            }
            r.change("bank", List.of(new ListDelta.Remove(3), new ListDelta.Remove(42)));
            expected.remove(3);
            expected.remove(42);
            assertThat(version(r)).isEqualTo(firstVersion);
            resumeOpened.countDown();
            // the switch holds the lock changes wait for: a lookup does not wait
            assertThat(atCaughtUp.await(60, TimeUnit.SECONDS)).isTrue();
            PdqHash probe = expected.get(41).pdq();
            List<Integer> during =
                    CompletableFuture.supplyAsync(() -> hits(r, probe)).get(60, TimeUnit.SECONDS);
            assertThat(during).contains(41);
            resumeCaughtUp.countDown();
            awaitCompacted(r, firstVersion);
            r.onCompactionPhase(phase -> {});
            assertThat(contents(r, 45)).isEqualTo(expected);
            assertThat(hits(r, expected.get(40).pdq())).contains(40);
            assertThat(hits(r, first.get(3) instanceof ListDelta.Add a ? a.pdq() : null))
                    .as("removed before the switch")
                    .doesNotContain(3);
            try (ListLease lease = r.acquire()) {
                // the changes made while it ran are in the new version's delta, with their numbers
                ListDelta.View carried = lease.changes("bank");
                assertThat(carried.baseEntries()).isEqualTo(40);
                assertThat(carried.added()).isEqualTo(5);
                assertThat(carried.removals()).isEqualTo(2);
                assertThat(lease.content("bank", 7).note())
                        .as("label in the metadata store")
                        .isEqualTo("ncmec:7");
                assertThat(lease.content("bank", 44).note()).isEqualTo("late:4");
                assertThat(lease.content("bank", 7).category()).isEqualTo("cat1");
                var hit = lease.matcher()
                        .match(query(expected.get(7).pdq()))
                        .hits()
                        .get(0);
                assertThat(lease.matcher().metadata(hit).orElseThrow().dateAdded())
                        .isEqualTo(Instant.parse("2026-12-06T00:00:00Z").plusSeconds(7));
            }
        } finally {
            resumeOpened.countDown();
            resumeCaughtUp.countDown();
            r.close();
        }
        // restart: the same ids give the same contents
        ListRegistry again = registry(work, 40);
        try {
            assertThat(contents(again, 45)).isEqualTo(expected);
            try (ListLease lease = again.acquire()) {
                assertThat(lease.content("bank", 7).note()).isEqualTo("ncmec:7");
                assertThat(lease.content("bank", 3)).isNull();
            }
            // numbering goes on after the last number given
            int id = again.change("bank", List.of(add(random, "", null, 0)))[0];
            assertThat(id).isEqualTo(45);
        } finally {
            again.close();
        }
    }

    /**
     * Closing a registry while a compaction runs interrupts it and returns only once it has stopped and deleted what
     * it wrote: a closed registry writes no file (its work directory can then be deleted, as a test's is).
     */
    @Test
    void closeReturnsOnlyOnceARunningCompactionHasStoppedAndCleanedUp() throws Exception {
        Path work = dir.resolve("work");
        Random random = new Random(515);
        ListRegistry r = registry(work, 40);
        CountDownLatch atView = new CountDownLatch(1);
        Thread closer = new Thread(r::close, "closer");
        AtomicReference<@Nullable Set<Path>> before = new AtomicReference<>();
        AtomicBoolean closeReturnedFirst = new AtomicBoolean();
        r.onCompactionPhase(phase -> {
            if (!phase.equals("view")) {
                return;
            }
            before.set(files(work));
            atView.countDown();
            try {
                // close's interrupt ends this wait (the latch is never counted down; the bound is a hang guard)
                new CountDownLatch(1).await(240, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                // closing: go on once close has either returned or is waiting for this compaction
            }
            while (closer.isAlive() && !waitsForTermination(closer)) {
                Thread.onSpinWait();
            }
            closeReturnedFirst.set(!closer.isAlive());
            Thread.currentThread().interrupt();
        });
        assertThat(r.create("bank")).isTrue();
        List<ListDelta.Change> adds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            adds.add(add(random, "", null, i));
        }
        r.change("bank", adds);
        assertThat(atView.await(240, TimeUnit.SECONDS)).as("compaction started").isTrue();
        closer.start();
        closer.join(TimeUnit.SECONDS.toMillis(240));
        assertThat(closer.isAlive()).as("close returned").isFalse();
        assertThat(closeReturnedFirst)
                .as("close returned while the compaction ran")
                .isFalse();
        assertThat(r.isCompacting("bank")).isFalse();
        // nothing the compaction wrote is left (close deletes the copies of configured lists as well)
        assertThat(files(work)).as("files after close").isSubsetOf(Objects.requireNonNull(before.get()));
    }

    private static boolean waitsForTermination(Thread t) {
        Thread.State state = t.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && Arrays.stream(t.getStackTrace())
                        .anyMatch(f -> f.getMethodName().equals("awaitTermination"));
    }

    private static Set<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(Path::getFileName).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The steps of a compaction where a process is stopped and killed. */
    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"view", "written", "opened", "caught-up", "committed"})
    void aProcessKilledDuringCompactionLeavesTheLastCommittedState(String phase) throws Exception {
        long seed = 20261206L + phase.hashCode();
        int stopOn = 1 + (int) Math.floorMod(seed, 3L);
        String why = "seed " + seed + ", killed at " + phase + " of compaction " + stopOn;
        Path work = dir.resolve("work");
        List<String> cmd = ChildJvm.command(
                CompactionKillChild.class, work.toString(), Long.toString(seed), phase, Integer.toString(stopOn));
        int committed = -1;
        try (ChildJvm child = ChildJvm.start(dir, cmd)) {
            child.awaitLine("phase " + phase);
            child.kill(); // SIGKILL; what it printed before stays readable
            for (String line : child.lines()) {
                if (line.startsWith("committed ")) {
                    committed = Integer.parseInt(line.substring(10));
                }
            }
        }
        // what the oracle says after the committed batches, and after one more (the one in flight)
        LiveBankScript script = new LiveBankScript(seed);
        for (int n = 0; n <= committed; n++) {
            script.applied(script.nextBatch());
        }
        Map<Integer, LiveBankScript.Entry> afterCommitted = script.live();
        int given = script.numbersGiven();
        script.applied(script.nextBatch());
        Map<Integer, LiveBankScript.Entry> withInFlight = script.live();

        ListRegistry reopened = registry(work, 1_000_000);
        try {
            Map<Integer, LiveBankScript.Entry> found = contents(reopened, script.numbersGiven());
            assertThat(found)
                    .as(why + ": " + (committed + 1) + " batches committed")
                    .isIn(afterCommitted, withInFlight);
            // and it matches as the oracle says: every live entry found by its own hash, no removed one
            for (Map.Entry<Integer, LiveBankScript.Entry> e : found.entrySet()) {
                assertThat(hits(reopened, e.getValue().pdq())).as(why).containsExactly(e.getKey());
            }
            assertThat(given).as(why).isPositive();
        } finally {
            reopened.close();
        }
    }

    private static ListDelta.Add add(Random random, String label, @Nullable String category, int second) {
        PdqHash pdq = PdqHash.of(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
        byte[] md5 = new byte[16];
        random.nextBytes(md5);
        return new ListDelta.Add(
                pdq,
                java.util.HexFormat.of().formatHex(md5),
                label,
                category,
                Instant.parse("2026-12-06T00:00:00Z").plusSeconds(second));
    }

    private static void record(Map<Integer, LiveBankScript.Entry> expected, List<ListDelta.Change> adds, int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            ListDelta.Add a = (ListDelta.Add) adds.get(i);
            expected.put(ids[i], new LiveBankScript.Entry(a.pdq(), a.md5(), a.category()));
        }
    }

    private static String version(ListRegistry r) {
        try (ListLease lease = r.acquire()) {
            return lease.list("bank").version();
        }
    }

    private static void awaitCompacted(ListRegistry r, String from) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((r.isCompacting("bank") || version(r).equals(from)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(version(r)).as("compacted").isNotEqualTo(from);
    }

    /** Entries 0 .. n-1 of list bank that are live, with what the list holds of them. */
    private static Map<Integer, LiveBankScript.Entry> contents(ListRegistry r, int n) throws Exception {
        Map<Integer, LiveBankScript.Entry> out = new TreeMap<>();
        try (ListLease lease = r.acquire()) {
            for (int e = 0; e < n + 5; e++) {
                ListLease.Content c = lease.content("bank", e);
                if (c != null) {
                    out.put(e, new LiveBankScript.Entry(c.pdq(), c.md5(), c.category()));
                }
            }
        }
        return out;
    }

    private static Query query(@Nullable PdqHash pdq) {
        return new Query("q", pdq, Query.QUALITY_UNKNOWN, null, null, null);
    }

    /** The entries of list bank a lookup of {@code pdq} finds. */
    private static List<Integer> hits(ListRegistry r, @Nullable PdqHash pdq) {
        try (ListLease lease = r.acquire()) {
            List<Integer> out = new ArrayList<>();
            for (MatchHit h : lease.matcher().match(query(pdq)).hits()) {
                if (h.list().equals("bank")) {
                    out.add(h.entry());
                }
            }
            return out;
        }
    }
}
