/**
 * The HTTP API of {@code hashmatch serve}: the versioned JSON API under {@code /v1}
 * ({@link io.hashmatch.service.http.MatchController}, {@link io.hashmatch.service.http.ListsController}), the
 * HMA-compatible routes ({@link io.hashmatch.service.http.HmaController}), the request limits and the one JSON
 * error shape ({@link io.hashmatch.service.security.ApiError}).
 *
 * <p>Every route declares the role a caller needs with {@link io.hashmatch.service.security.RequiredRole}, for the
 * security filter to enforce.
 */
@NullMarked
package io.hashmatch.service.http;

import org.jspecify.annotations.NullMarked;
