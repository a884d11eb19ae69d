package io.hashmatch.service.lists;

import io.hashmatch.match.ListSettings;
import io.hashmatch.match.Matcher;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The lists served at one moment: one {@link ListVersion} per name, and the matcher over all of them with the
 * default settings. Immutable once built; replaced as a whole when a list changes.
 *
 * <p>Reference-counted: the registry holds one reference while the catalog is current, and every request one
 * while it matches ({@link #tryRetain()}). When the count drops to zero the catalog releases its versions, and
 * a version no longer in any catalog closes. {@link #tryRetain()} fails once the count has reached zero, so a
 * request never revives a retired catalog: it reads the current one again.
 *
 * <p>Thread-safe.
 */
final class ListCatalog {
    private final Map<String, ListVersion> versions;
    private final @Nullable Matcher matcher;
    private final int minQuality;
    private final AtomicInteger refs = new AtomicInteger(1);

    /** Retains every version; the caller holds the returned catalog's first reference. */
    ListCatalog(Map<String, ListVersion> versions, int minQuality) {
        this.versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        this.minQuality = minQuality;
        Matcher.Builder builder = Matcher.newBuilder().minQuality(minQuality);
        for (ListVersion v : this.versions.values()) {
            v.retain();
            builder.addList(v.snapshot(), ListSettings.DEFAULTS, v.delta());
        }
        this.matcher = this.versions.isEmpty() ? null : builder.build();
    }

    Map<String, ListVersion> versions() {
        return versions;
    }

    /** The matcher over every list at the default settings; null when there is no list. */
    @Nullable
    Matcher matcher() {
        return matcher;
    }

    int minQuality() {
        return minQuality;
    }

    /** Takes a reference unless the catalog was already retired (then the caller reads the current one again). */
    boolean tryRetain() {
        while (true) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one releases the versions. */
    void release() {
        int left = refs.decrementAndGet();
        if (left == 0) {
            versions.values().forEach(ListVersion::release);
        } else if (left < 0) {
            throw new IllegalStateException("list catalog released more often than retained");
        }
    }
}
