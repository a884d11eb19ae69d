package io.hashmatch.service.http;

import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Told of each request that {@link RequestFraming} answers itself (headers or request line over the limit, a body
 * that did not arrive in time), before any route or filter sees it: the audit log counts these with the other
 * refused requests.
 *
 * <p>Called on the connection's event loop: implementations must be thread-safe and must not block.
 */
public interface FramingRefusals {
    /**
     * Notes one such request.
     *
     * @param peer the client's address as the connection has it
     * @param uri the request's URI, or null when it could not be read (a request line over the limit)
     * @param status the HTTP status the request was answered with
     */
    void refused(SocketAddress peer, @Nullable String uri, int status);
}
