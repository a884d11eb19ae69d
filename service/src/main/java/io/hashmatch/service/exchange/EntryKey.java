package io.hashmatch.service.exchange;

import io.hashmatch.hash.PdqHash;
import org.jspecify.annotations.Nullable;

/**
 * What a list entry made by a sync matches on: its PDQ hash, its MD5 digest, or both. Entries with equal keys are
 * interchangeable for matching, which is what lets a sync count them instead of tracking entry numbers (those change
 * when a list is compacted).
 *
 * <p>Immutable; thread-safe.
 *
 * @param pdq the PDQ hash, or null
 * @param md5 the MD5 digest, lowercase hex, or null
 */
record EntryKey(@Nullable PdqHash pdq, @Nullable String md5) {
    /** @throws IllegalArgumentException if both are null */
    EntryKey {
        if (pdq == null && md5 == null) {
            throw new IllegalArgumentException("an entry key needs a PDQ hash or an MD5 digest");
        }
    }

    /** The key of {@code e}'s hashes, or null if it has none. */
    static @Nullable EntryKey of(ExchangeEntry e) {
        return e.hasHash() ? new EntryKey(e.pdq(), e.md5()) : null;
    }
}
