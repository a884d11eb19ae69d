/**
 * Who may call the service: API keys with a role ({@code match} or {@code admin}), stored in the configuration only
 * as SHA-256 hashes ({@link io.hashmatch.service.security.ApiKeys}); the filter that answers 401 without a valid key,
 * 403 with the wrong role and 429 over a key's rate ({@link io.hashmatch.service.security.ApiKeyFilter}); which role
 * each route needs ({@link io.hashmatch.service.security.Role}, declared on each route with
 * {@link io.hashmatch.service.security.RequiredRole}, read by {@link io.hashmatch.service.security.RouteRoles}); the one
 * JSON error shape of the API ({@link io.hashmatch.service.security.ApiError}), which the filter answers with too.
 */
@NullMarked
package io.hashmatch.service.security;

import org.jspecify.annotations.NullMarked;
