package io.hashmatch.service.fetch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Creator;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the service may fetch when a request names a URL, {@code hashmatch.fetch}:
 *
 * <pre>{@code
 * hashmatch:
 *   fetch:
 *     allowed-hosts: [media.example.org, .cdn.example.org]  # exact names; a leading dot: that domain's hosts too
 *     allowed-networks: []           # private/loopback/link-local networks (CIDR) a listed host may resolve to
 *     max-bytes: 33554432            # the largest body read (32 MiB)
 *     connect-timeout: 5s
 *     read-timeout: 10s              # the longest wait for the next bytes
 *     total-timeout: 30s             # the whole fetch, redirects included
 *     max-redirects: 3               # to the same host only
 * }</pre>
 *
 * <p>With no {@code allowed-hosts} (the default) nothing is fetched. Immutable; thread-safe.
 *
 * @param allowedHosts host names whose URLs may be fetched, or null (none)
 * @param allowedNetworks non-public networks a listed host may resolve to, or null (none)
 * @param maxBytes the largest body, or null (32 MiB)
 * @param connectTimeout or null (5 s)
 * @param readTimeout or null (10 s)
 * @param totalTimeout or null (30 s)
 * @param maxRedirects or null (3)
 */
@ConfigurationProperties("hashmatch.fetch")
public record FetchConfiguration(
        @Nullable List<String> allowedHosts,
        @Nullable List<String> allowedNetworks,
        @Nullable Long maxBytes,
        @Nullable Duration connectTimeout,
        @Nullable Duration readTimeout,
        @Nullable Duration totalTimeout,
        @Nullable Integer maxRedirects) {

    /** The canonical constructor, the one the configuration binds. */
    @Creator
    public FetchConfiguration {}

    /** Nothing allowed: the default. */
    public static FetchConfiguration off() {
        return new FetchConfiguration(null, null, null, null, null, null, null);
    }
}
