/**
 * The audit log of the service: one append-only JSON line per request (time, key id, route, status, counts of queries
 * and hits, list versions; never an image, never a queried hash), each line carrying the SHA-256 of the one before,
 * so that a deleted, edited or reordered line is detected by {@code hashmatch audit verify}
 * ({@link io.hashmatch.service.audit.AuditChain}).
 */
@NullMarked
package io.hashmatch.service.audit;

import org.jspecify.annotations.NullMarked;
