package io.hashmatch.service.lists;

import io.hashmatch.list.ListDelta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A process that changes list {@code bank} of a work directory with {@link LiveBankScript}'s batches, compacting
 * every few changes, and prints {@code committed N} after batch N returned. When a compaction reaches phase
 * {@code args[2]} for the {@code args[3]}-th time it prints {@code phase NAME} and stops there, waiting to be killed
 * ({@link LiveCompactionTest}); the batches go on meanwhile unless the phase holds the lock they need.
 */
final class CompactionKillChild {
    private CompactionKillChild() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        String stopAt = args[2];
        int stopOn = Integer.parseInt(args[3]);
        ListRegistry registry = new ListRegistry(
                new ListsConfiguration(List.of(), work.toString(), false, 50, false, Duration.ZERO),
                FollowConfiguration.NONE,
                new CompactionConfiguration(30, 0, 0));
        int[] reached = {0};
        registry.onCompactionPhase(phase -> {
            if (phase.equals(stopAt) && ++reached[0] == stopOn) {
                System.out.println("phase " + phase);
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        registry.start();
        registry.awaitInitialLoad();
        registry.create("bank");
        LiveBankScript script = new LiveBankScript(seed);
        for (int n = 0; ; n++) {
            List<ListDelta.Change> batch = script.nextBatch();
            registry.change("bank", batch);
            script.applied(batch);
            System.out.println("committed " + n);
            System.out.flush();
            Thread.sleep(2); // lets the compactor run between batches
        }
    }
}
