package io.hashmatch.service.lists;

import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListDelta;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.Matcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The lists one request matches against, held from {@link ListRegistry#acquire()} until {@link #close()}: however
 * many lists are replaced meanwhile, everything the request does through this lease sees the same complete
 * versions, and none of them is closed before the lease is.
 *
 * <pre>{@code
 * try (ListLease lease = registry.acquire()) {
 *   List<MatchResult> results = lease.matcher().match(queries);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one request, one lease (the matchers it returns are thread-safe while it is open).
 */
public final class ListLease implements AutoCloseable {
    private final ListCatalog catalog;
    private final Map<String, String> failures;
    private boolean closed;

    ListLease(ListCatalog catalog, Map<String, String> failures) {
        this.catalog = catalog;
        this.failures = failures;
    }

    /**
     * The lists that should be served and are not, with why ({@link ListRegistry#failures()}), as of the moment
     * this lease was acquired.
     */
    public Map<String, String> failures() {
        return failures;
    }

    /** Whether no list is served. */
    public boolean isEmpty() {
        return catalog.versions().isEmpty();
    }

    /** The served lists, in the order they were added. */
    public List<ListInfo> lists() {
        checkOpen();
        return catalog.versions().values().stream().map(ListVersion::info).toList();
    }

    /** The served list named {@code name}, or null. */
    public @Nullable ListInfo list(String name) {
        checkOpen();
        ListVersion v = catalog.versions().get(name);
        return v == null ? null : v.info();
    }

    /**
     * How many entries of the served list {@code name} are suppression entries (a hit on one cancels the query's other
     * hits, as ThreatExchange's {@code NEGATIVE_CLASS}), or -1 if no such list is served. Counted once per version.
     */
    public int suppressionEntries(String name) {
        checkOpen();
        ListVersion v = catalog.versions().get(name);
        return v == null ? -1 : v.suppressionEntries();
    }

    /**
     * The matcher over every served list at the default settings (distance {@value ListSettings#DEFAULT_MAX_DISTANCE}).
     *
     * @throws IllegalStateException if no list is served ({@link #isEmpty()})
     */
    public Matcher matcher() {
        checkOpen();
        Matcher m = catalog.matcher();
        if (m == null) {
            throw new IllegalStateException("no list is loaded");
        }
        return m;
    }

    /**
     * A matcher over the lists named {@code names} (null or empty: every list), each with the largest distance
     * {@code maxDistance} (null: the default). Without either it is {@link #matcher()}.
     *
     * @throws UnknownListException if a name is not served
     * @throws IllegalArgumentException if {@code maxDistance} is outside 0..256
     * @throws IllegalStateException if no list is served
     */
    public Matcher matcher(@Nullable Integer maxDistance, @Nullable Collection<String> names)
            throws UnknownListException {
        if (maxDistance == null && (names == null || names.isEmpty())) {
            return matcher();
        }
        ListSettings settings =
                maxDistance == null ? ListSettings.DEFAULTS : ListSettings.DEFAULTS.withMaxDistance(maxDistance);
        Matcher.Builder builder = Matcher.newBuilder().minQuality(catalog.minQuality());
        for (HashListSnapshot snapshot : snapshots(names).values()) {
            builder.addList(snapshot, settings, deltaOf(snapshot.name()));
        }
        return builder.build();
    }

    /**
     * A matcher over the lists named by the keys of {@code maxDistances}, in the order the lists were added, each
     * with the largest PDQ distance mapped to it (the service's per-list and per-key caps are applied by the caller).
     *
     * @throws UnknownListException if a name is not served
     * @throws IllegalArgumentException if there is no name, or a distance is outside 0..256
     * @throws IllegalStateException if no list is served
     */
    public Matcher matcher(Map<String, Integer> maxDistances) throws UnknownListException {
        if (maxDistances.isEmpty()) {
            throw new IllegalArgumentException("no list to match against");
        }
        Map<String, HashListSnapshot> snapshots = snapshots(maxDistances.keySet());
        if (snapshots.size() == catalog.versions().size() && allDefault(maxDistances.values())) {
            return matcher(); // the one built with the catalog
        }
        Matcher.Builder builder = Matcher.newBuilder().minQuality(catalog.minQuality());
        for (Map.Entry<String, HashListSnapshot> e : snapshots.entrySet()) {
            builder.addList(
                    e.getValue(),
                    ListSettings.DEFAULTS.withMaxDistance(Objects.requireNonNull(maxDistances.get(e.getKey()))),
                    deltaOf(e.getKey()));
        }
        return builder.build();
    }

    /** Whether every distance is the default one (a loop: this runs for every match request). */
    private static boolean allDefault(Collection<Integer> distances) {
        for (int d : distances) {
            if (d != ListSettings.DEFAULT_MAX_DISTANCE) {
                return false;
            }
        }
        return true;
    }

    /**
     * The snapshots of the served lists named {@code names} (null or empty: every list), by name, in the order the
     * lists were added. They stay open while this lease is.
     *
     * @throws UnknownListException if a name is not served
     */
    public Map<String, HashListSnapshot> snapshots(@Nullable Collection<String> names) throws UnknownListException {
        checkOpen();
        List<String> unknown = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                if (!catalog.versions().containsKey(n)) {
                    unknown.add(n);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnknownListException(
                    unknown, List.copyOf(catalog.versions().keySet()), failures);
        }
        Map<String, HashListSnapshot> out = new LinkedHashMap<>();
        for (ListVersion v : catalog.versions().values()) {
            if (names == null || names.isEmpty() || names.contains(v.name())) {
                out.put(v.name(), v.snapshot());
            }
        }
        return out;
    }

    /** The changes of the served list {@code name} since its snapshot, or null if it does not change live. */
    @Nullable
    ListDelta deltaOf(String name) {
        ListVersion v = catalog.versions().get(name);
        return v == null ? null : v.delta();
    }

    /**
     * The current state of the served list {@code name}'s changes since its snapshot, or null if it is not served or
     * does not change live.
     */
    public ListDelta.@Nullable View changes(String name) {
        checkOpen();
        ListDelta d = deltaOf(name);
        return d == null ? null : d.view();
    }

    /**
     * One live entry of a served list, by its number (an HMA bank's content id).
     *
     * @param entry its number: the same across compactions and restarts
     * @param pdq its first whole-image PDQ hash, or null
     * @param md5 its first MD5 digest (lowercase hex), or null
     * @param note its label (an exchange's id for it, a curator's note), or null
     * @param category its category, or null
     * @param details what the client that added it gave with it (an HMA client's content metadata), or null
     */
    public record Content(
            int entry,
            io.hashmatch.hash.@Nullable PdqHash pdq,
            @Nullable String md5,
            @Nullable String note,
            @Nullable String category,
            @Nullable String details) {}

    /**
     * Entry {@code entry} of list {@code name} as it is now, whether it is in the snapshot (then its note is the
     * metadata store's external id, opened on first use) or in the delta; null if the list is not served or the
     * entry does not exist or was removed.
     *
     * @throws java.io.IOException if the metadata store cannot be read
     */
    public @Nullable Content content(String name, int entry) throws java.io.IOException {
        checkOpen();
        ListVersion v = catalog.versions().get(name);
        if (v == null || entry < 0) {
            return null;
        }
        HashListSnapshot s = v.snapshot();
        ListDelta d = v.delta();
        ListDelta.View changes = d == null ? null : d.view();
        if (changes != null && changes.isAddition(entry)) {
            String label = changes.label(entry);
            return changes.isRemoved(entry)
                    ? null
                    : new Content(
                            entry,
                            changes.pdq(entry),
                            changes.md5(entry),
                            label.isEmpty() ? null : label,
                            changes.category(entry),
                            changes.details(entry));
        }
        if (entry >= s.entryCount() || s.isRemoved(entry) || (changes != null && changes.isRemoved(entry))) {
            return null;
        }
        io.hashmatch.hash.PdqHash pdq = null;
        for (int i = 0; i < s.pdqCount() && pdq == null; i++) {
            if (s.pdqEntry(i) == entry && s.pdqVariant(i).isOriginal()) {
                pdq = s.pdqHash(i);
            }
        }
        String md5 = null;
        for (long i = 0; i < s.md5Count() && md5 == null; i++) {
            if (s.digestEntry(io.hashmatch.hash.HashKind.MD5, i) == entry) {
                md5 = s.digestHex(io.hashmatch.hash.HashKind.MD5, i);
            }
        }
        String note = null;
        String details = null;
        if (java.nio.file.Files.exists(s.metadataPath())) {
            var metadata = s.metadata().get(entry);
            if (metadata.isPresent()) {
                note = metadata.get().externalId();
                details = metadata.get().details();
            }
        }
        return new Content(entry, pdq, md5, note, s.category(entry), details);
    }

    /** Lets go of the lists (the last lease of a replaced version closes it). Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            catalog.release();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("lease closed");
        }
    }
}
