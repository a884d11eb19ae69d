package io.hashmatch.service.http;

import java.net.SocketAddress;

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
     * @param status the HTTP status the request was answered with
     */
    void refused(SocketAddress peer, int status);
}
