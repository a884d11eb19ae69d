package io.hashmatch.service.lists;

import io.hashmatch.list.HashListSnapshot;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * What {@code GET /v1/lists} reports about one served list.
 *
 * <p>Immutable; thread-safe.
 *
 * @param name the list's name
 * @param version the version label given at import
 * @param entries number of entries
 * @param pdqHashes number of PDQ hashes
 * @param exactHashes number of MD5, SHA-1 and SHA-256 digests
 * @param checksum the snapshot's CRC32C, 8 hex digits: identifies this exact content
 * @param created when the snapshot was written (ISO-8601)
 * @param loadedSince when this version started being served (ISO-8601)
 * @param origin {@code file:<file name>} for a list loaded from a file, {@code upload} for one put through the API
 */
@Serdeable
public record ListInfo(
        String name,
        String version,
        int entries,
        int pdqHashes,
        long exactHashes,
        String checksum,
        String created,
        String loadedSince,
        String origin) {

    static ListInfo of(HashListSnapshot s, String origin, Instant loadedAt) {
        return new ListInfo(
                s.name(),
                s.version(),
                s.entryCount(),
                s.pdqCount(),
                s.exactCount(),
                s.checksum(),
                s.created().toString(),
                loadedAt.toString(),
                origin);
    }
}
