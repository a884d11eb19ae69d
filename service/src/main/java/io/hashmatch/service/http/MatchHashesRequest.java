package io.hashmatch.service.http;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/match/hashes}:
 *
 * <pre>{@code
 * {"hashes":["<64 hex PDQ>","md5:<32 hex>","sha256:<64 hex>"],"maxDistance":20,"lists":["demo"]}
 * }</pre>
 *
 * @param hashes the queries, each as {@code hashmatch match} reads them ({@link io.hashmatch.match.Query#parse}):
 *     32 hex digits MD5, 40 SHA-1, 64 PDQ (optionally {@code @quality}), {@code sha256:<hex>}, or with a
 *     {@code pdq:}/{@code md5:}/{@code sha1:} prefix
 * @param maxDistance the largest PDQ distance reported (0..256), default 31
 * @param lists the lists to search, by name; default every served list
 */
@Serdeable
public record MatchHashesRequest(
        @Nullable List<String> hashes,
        @Nullable Integer maxDistance,
        @Nullable List<String> lists) {}
