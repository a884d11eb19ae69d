/**
 * Fetching the media a URL names, for HMA's {@code url=} parameters ({@code GET /h/hash}, {@code GET /m/lookup}): off
 * unless {@code hashmatch.fetch.allowed-hosts} lists the URL's host, and then bounded in size and time, without
 * redirects to another host, and never to a private, loopback or link-local address unless
 * {@code hashmatch.fetch.allowed-networks} lists it ({@link io.hashmatch.service.fetch.UrlFetcher}).
 */
@NullMarked
package io.hashmatch.service.fetch;

import org.jspecify.annotations.NullMarked;
