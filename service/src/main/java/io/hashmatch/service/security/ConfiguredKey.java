package io.hashmatch.service.security;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Creator;
import org.jspecify.annotations.Nullable;

/**
 * One API key of the configuration, as {@code hashmatch keys create} prints it:
 *
 * <pre>{@code
 * hashmatch:
 *   security:
 *     keys:
 *       platform-a:                # the key's id: in the audit log and the metrics, never the key itself
 *         role: match              # match (match and hash routes) or admin (everything)
 *         sha256: 3f1c...          # SHA-256 of the key, 64 hex digits; the key itself is stored nowhere
 *         requests-per-second: 500 # optional: this key's rate, instead of hashmatch.security.rate-limit.*
 *         burst: 1000              # optional
 *         reveal-distance: false   # optional: answers to this key say which entry matched, not at what distance
 * }</pre>
 *
 * <p>Checked when the service starts ({@link ApiKeys}). Immutable; thread-safe.
 *
 * @param id the key's id (the property name)
 * @param role {@code match} or {@code admin}
 * @param sha256 the SHA-256 of the key, hex
 * @param requestsPerSecond this key's sustained rate, or null for the default
 * @param burst how many requests this key may send at once, or null for the default
 * @param revealDistance whether answers to this key carry the PDQ distance of a hit, or null for the default (yes)
 */
@EachProperty("hashmatch.security.keys")
public record ConfiguredKey(
        @Parameter String id,
        @Nullable String role,
        @Nullable String sha256,
        @Nullable Double requestsPerSecond,
        @Nullable Integer burst,
        @Nullable Boolean revealDistance) {

    /** The canonical constructor, the one the configuration binds. */
    @Creator
    public ConfiguredKey {}

    /** A key whose answers carry distances (the default). */
    public ConfiguredKey(
            String id,
            @Nullable String role,
            @Nullable String sha256,
            @Nullable Double requestsPerSecond,
            @Nullable Integer burst) {
        this(id, role, sha256, requestsPerSecond, burst, null);
    }
}
