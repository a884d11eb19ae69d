package io.hashmatch.service.exchange;

import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListDelta;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.lists.UnknownListException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one exchange into its target list: resumes from the {@link SyncLedger}'s checkpoint, fetches pages
 * with the {@link ExchangeClient}, resolves each record against what the source already holds (same id and hashes:
 * only category or dates change; new hashes: the old entry is removed and a new one added; a deletion: removed), and
 * applies the changes to the list (a {@code ListDelta} batch, matchable at once). Pages are committed together up to
 * {@value #COMMIT_MAX_ENTRIES} records or {@link #COMMIT_MAX_TIME}, as HMA's fetcher does
 * ({@code hasher-matcher-actioner/src/OpenMediaMatch/background_tasks/fetcher.py}: {@code COMMIT_TO_DB_MAX_SIZE},
 * {@code COMMIT_TO_DB_MAX_SEC}). Crash safety: see {@link SyncLedger}.
 *
 * <p>A record whose hashes are all of kinds the source does not take (or none this service matches: SHA-1,
 * PhotoDNA...) holds no entry: if an earlier record of its id did, that entry is removed.
 *
 * <p>Not thread-safe: the caller runs one sync of a source at a time ({@link Exchanges}).
 */
final class ExchangeSync {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSync.class);
    static final int COMMIT_MAX_ENTRIES = 5000;
    static final Duration COMMIT_MAX_TIME = Duration.ofSeconds(60);

    /**
     * What a sync did.
     *
     * @param exchange the source's name
     * @param list the target list
     * @param pages pages fetched
     * @param fetched records fetched
     * @param added entries added to the list
     * @param removed entries removed from it
     * @param malformed records skipped as unreadable
     * @param started when it started
     * @param took how long it took
     */
    record Report(
            String exchange,
            String list,
            int pages,
            long fetched,
            long added,
            long removed,
            long malformed,
            Instant started,
            Duration took) {}

    private final String exchange;
    private final String list;
    private final ListRegistry registry;
    private final SyncLedger ledger;
    private final Set<String> kinds;
    private final Clock clock;
    private @Nullable LiveListIndex index;
    private long added;
    private long removed;
    /** Time spent per step, for the log line that closes a sync (where a slow sync spends its time). */
    private long fetchNanos;

    private long resolveNanos;
    private long ledgerNanos;
    private long indexNanos;
    private long changeNanos;

    private ExchangeSync(
            String exchange, String list, ListRegistry registry, SyncLedger ledger, Set<String> kinds, Clock clock) {
        this.exchange = exchange;
        this.list = list;
        this.registry = registry;
        this.ledger = ledger;
        this.kinds = kinds;
        this.clock = clock;
    }

    /**
     * Syncs exchange {@code exchange} into list {@code list} (created, empty and live, if it is not served).
     *
     * @param kinds the hash kinds to take ({@code pdq}, {@code md5})
     * @throws ExchangeException if the exchange fails (what was committed before stays)
     * @throws IOException if the ledger or the list cannot be written
     */
    static Report run(
            String exchange,
            String list,
            ExchangeClient client,
            ListRegistry registry,
            SyncLedger ledger,
            Set<String> kinds,
            Clock clock)
            throws ExchangeException, IOException {
        ExchangeSync sync = new ExchangeSync(exchange, list, registry, ledger, kinds, clock);
        // one compaction after the sync rather than a rewrite of the whole list per 100 000 changes while it grows,
        // each followed by a rebuild of this sync's entry index
        ListRegistry.CompactionHold hold = registry.holdCompaction(list);
        try {
            return sync.run(client);
        } finally {
            hold.close();
        }
    }

    private Report run(ExchangeClient client) throws ExchangeException, IOException {
        Instant started = clock.instant();
        requireLiveList();
        if (!ledger.list().equals(list)) {
            LOG.info(
                    "exchange {}: target list is now {} (was {}): syncing from scratch", exchange, list, ledger.list());
            ledger.reset(list);
        }
        SyncLedger.Pending pending = ledger.pending();
        if (pending != null) {
            LOG.info("exchange {}: completing the batch committed before an interruption", exchange);
            reconcile(pending);
            ledger.applied(clock.instant());
        }
        ExchangeClient.Fetch fetch = client.fetch(ledger.checkpoint());
        int pages = 0;
        long fetched = 0;
        long malformed = 0;
        List<ExchangeEntry> batch = new ArrayList<>();
        int batchMalformed = 0;
        String batchCheckpoint = null;
        boolean batchComplete = false;
        long lastCommit = System.nanoTime();
        Exception failure = null;
        while (true) {
            ExchangePage page;
            try {
                long t = System.nanoTime();
                page = fetch.next();
                fetchNanos += System.nanoTime() - t;
            } catch (ExchangeException | IOException e) {
                failure = e; // what was fetched before is kept: its checkpoint is the last one the exchange gave
                break;
            }
            if (page == null) {
                break;
            }
            pages++;
            fetched += page.entries().size();
            malformed += page.malformed();
            batch.addAll(page.entries());
            batchMalformed += page.malformed();
            batchCheckpoint = page.checkpoint();
            batchComplete |= page.complete();
            if (batch.size() >= COMMIT_MAX_ENTRIES
                    || page.complete()
                    || System.nanoTime() - lastCommit >= COMMIT_MAX_TIME.toNanos()) {
                commit(batch, batchCheckpoint, batchMalformed, batchComplete);
                batch.clear();
                batchMalformed = 0;
                batchCheckpoint = null;
                batchComplete = false;
                lastCommit = System.nanoTime();
            }
        }
        if (batchCheckpoint != null) {
            commit(batch, batchCheckpoint, batchMalformed, batchComplete);
        }
        if (ledger.pending() != null) {
            ledger.applied(clock.instant());
        }
        if (failure != null) {
            LOG.warn(
                    "exchange {}: sync stopped after {} pages ({} added, {} removed): {}",
                    exchange,
                    pages,
                    added,
                    removed,
                    failure.getMessage());
            if (failure instanceof ExchangeException x) {
                throw x;
            }
            throw (IOException) failure;
        }
        Duration took = Duration.between(started, clock.instant());
        LOG.info(
                "exchange {}: synced into {}: {} pages, {} records, {} added, {} removed, {} malformed, {} ms"
                        + " (fetch and parse {} ms, resolve {} ms, ledger {} ms, entry index {} ms, list change {} ms)",
                exchange,
                list,
                pages,
                fetched,
                added,
                removed,
                malformed,
                took.toMillis(),
                fetchNanos / 1_000_000,
                resolveNanos / 1_000_000,
                ledgerNanos / 1_000_000,
                indexNanos / 1_000_000,
                changeNanos / 1_000_000);
        return new Report(exchange, list, pages, fetched, added, removed, malformed, started, took);
    }

    private void requireLiveList() throws ExchangeException, IOException {
        if (!registry.names().contains(list)) {
            try {
                registry.create(list);
            } catch (IllegalArgumentException e) {
                throw new ExchangeException(
                        ExchangeException.Kind.CONFIGURATION, "target list '" + list + "': " + e.getMessage());
            }
        }
        try (ListLease lease = registry.acquire()) {
            if (lease.list(list) == null) {
                throw new ExchangeException(
                        ExchangeException.Kind.CONFIGURATION, "target list '" + list + "' is not served");
            }
            if (lease.changes(list) == null) {
                throw new ExchangeException(
                        ExchangeException.Kind.CONFIGURATION,
                        "target list '" + list + "' is served from a configured file and cannot change live: give"
                                + " the exchange a list of its own (hashmatch.exchanges." + exchange + ".list)");
            }
        }
    }

    /** Resolves {@code entries} against the ledger, commits them durably, then changes the list. */
    private void commit(List<ExchangeEntry> entries, String checkpoint, int malformed, boolean complete)
            throws IOException {
        long t0 = System.nanoTime();
        Map<String, SyncLedger.Item> held = ledger.entries();
        Map<String, SyncLedger.@Nullable Item> overlay = new HashMap<>();
        List<SyncLedger.Op> ops = new ArrayList<>();
        Set<EntryKey> touched = new HashSet<>();
        Set<String> named = complete ? new HashSet<>() : Set.of();
        for (ExchangeEntry e : entries) {
            String id = e.id();
            if (complete) {
                named.add(id);
            }
            SyncLedger.Item current = overlay.containsKey(id) ? overlay.get(id) : held.get(id);
            EntryKey key = e.deleted() ? null : keyOf(e);
            if (key == null) {
                if (current != null) {
                    ops.add(new SyncLedger.Remove(id));
                    touched.add(current.key());
                    overlay.put(id, null);
                }
                continue;
            }
            SyncLedger.Item item = new SyncLedger.Item(key, e.category(), e.created(), e.updated(), e.descriptors());
            if (current == null) {
                ops.add(new SyncLedger.Add(id, item));
                touched.add(key);
            } else if (current.key().equals(key)) {
                if (!current.equals(item)) {
                    ops.add(new SyncLedger.Meta(id, item));
                }
            } else {
                ops.add(new SyncLedger.Remove(id));
                ops.add(new SyncLedger.Add(id, item));
                touched.add(current.key());
                touched.add(key);
            }
            overlay.put(id, item);
        }
        if (complete) {
            for (Map.Entry<String, SyncLedger.Item> h : held.entrySet()) {
                if (!named.contains(h.getKey())) {
                    ops.add(new SyncLedger.Remove(h.getKey()));
                    touched.add(h.getValue().key());
                }
            }
        }
        Map<EntryKey, Integer> before = new LinkedHashMap<>();
        if (!touched.isEmpty()) {
            try (ListLease lease = registry.acquire()) {
                ListDelta.View view = currentIndex(lease);
                for (EntryKey k : touched) {
                    before.put(k, requireIndex().count(k, view));
                }
            }
        }
        long t1 = System.nanoTime();
        resolveNanos += t1 - t0;
        ledger.commit(checkpoint, ops, before, malformed);
        ledgerNanos += System.nanoTime() - t1;
        SyncLedger.Pending pending = ledger.pending();
        if (pending != null) {
            reconcile(pending);
        }
    }

    private @Nullable EntryKey keyOf(ExchangeEntry e) {
        var pdq = kinds.contains("pdq") ? e.pdq() : null;
        String md5 = kinds.contains("md5") ? e.md5() : null;
        return pdq == null && md5 == null ? null : new EntryKey(pdq, md5);
    }

    /** Brings every key of {@code pending} to its target count of live entries, in one list change. */
    private void reconcile(SyncLedger.Pending pending) throws IOException {
        for (int attempt = 0; ; attempt++) {
            List<ListDelta.Change> changes = new ArrayList<>();
            List<EntryKey> addedKeys = new ArrayList<>();
            int removals = 0;
            Map<String, SyncLedger.Item> held = ledger.entries();
            try (ListLease lease = registry.acquire()) {
                ListDelta.View view = currentIndex(lease);
                LiveListIndex idx = requireIndex();
                for (Map.Entry<EntryKey, Integer> t : pending.target().entrySet()) {
                    EntryKey key = t.getKey();
                    int[] live = idx.live(key, view);
                    int diff = Math.max(0, t.getValue()) - live.length;
                    List<String> ids = pending.addedIds().getOrDefault(key, List.of());
                    for (int i = 0; i < diff; i++) {
                        String label = i < ids.size() ? ids.get(i) : "";
                        // the exchange's id, category and date go with the entry (kept across compactions)
                        SyncLedger.Item item = label.isEmpty() ? null : held.get(label);
                        changes.add(new ListDelta.Add(
                                key.pdq(),
                                key.md5(),
                                label,
                                item == null ? null : item.category(),
                                item == null ? null : item.updated() != null ? item.updated() : item.created()));
                        addedKeys.add(key);
                    }
                    for (int i = 0; i < -diff; i++) {
                        changes.add(new ListDelta.Remove(live[live.length - 1 - i]));
                        removals++;
                    }
                }
            }
            if (changes.isEmpty()) {
                return;
            }
            int[] numbers;
            try {
                long t = System.nanoTime();
                numbers = registry.change(list, changes);
                changeNanos += System.nanoTime() - t;
            } catch (UnknownListException | IllegalStateException e) {
                throw new IOException("target list '" + list + "' cannot be changed: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                // another writer removed an entry meanwhile: look again, once
                if (attempt > 0) {
                    throw new IOException("target list '" + list + "' changed under the sync: " + e.getMessage(), e);
                }
                index = null;
                continue;
            }
            added += numbers.length;
            removed += removals;
            try (ListLease lease = registry.acquire()) {
                ListDelta.View view = currentIndex(lease);
                LiveListIndex idx = requireIndex();
                if (view != null && idx.snapshotId().equals(snapshotOf(lease).id())) {
                    for (int i = 0; i < numbers.length; i++) {
                        idx.added(addedKeys.get(i), numbers[i], view);
                    }
                }
            }
            return;
        }
    }

    /** The list's current view; rebuilds the index when the list has a new snapshot version (compaction). */
    private ListDelta.@Nullable View currentIndex(ListLease lease) throws IOException {
        long t = System.nanoTime();
        try {
            return updateIndex(lease);
        } finally {
            indexNanos += System.nanoTime() - t;
        }
    }

    private ListDelta.@Nullable View updateIndex(ListLease lease) throws IOException {
        HashListSnapshot snapshot = snapshotOf(lease);
        ListDelta.View view = lease.changes(list);
        LiveListIndex idx = index;
        if (idx == null || !idx.snapshotId().equals(snapshot.id())) {
            index = LiveListIndex.build(snapshot, view);
        } else if (view != null) {
            idx.catchUp(view);
        }
        return view;
    }

    private HashListSnapshot snapshotOf(ListLease lease) throws IOException {
        try {
            HashListSnapshot s = lease.snapshots(List.of(list)).get(list);
            if (s == null) {
                throw new IOException("target list '" + list + "' is no longer served");
            }
            return s;
        } catch (UnknownListException e) {
            throw new IOException("target list '" + list + "' is no longer served", e);
        }
    }

    private LiveListIndex requireIndex() {
        LiveListIndex idx = index;
        if (idx == null) {
            throw new IllegalStateException("no index");
        }
        return idx;
    }
}
