package io.hashmatch.service.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import jakarta.inject.Singleton;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The client address a request is counted under, for the rate limit of refused requests and the audit log's
 * {@code refused} lines: the connection's peer, or, only when {@code micronaut.server.client-address-header} names a
 * header (behind a proxy that overwrites it), the address Micronaut resolves from that header; an IPv6 address other than the loopback reduced to
 * its /64 network (one host is commonly given a whole /64, so counting single addresses would let it pick a new one
 * per request). {@code Forwarded} and {@code X-Forwarded-For} sent by a client are ignored otherwise: Micronaut's own
 * resolver would believe them, so a client could pick a new address per request and escape the limit, or name any
 * address in the audit log.
 *
 * <p>Stateless; thread-safe.
 */
@Singleton
public final class ClientAddresses {
    private static final int IPV6_NETWORK_BYTES = 8;

    private final HttpClientAddressResolver resolver;
    private final boolean headerConfigured;

    ClientAddresses(HttpClientAddressResolver resolver, HttpServerConfiguration server) {
        this.resolver = resolver;
        this.headerConfigured = server.getClientAddressHeader() != null;
    }

    /** What the audit log names the client of a request for the public report page, instead of its address. */
    public static final String WITHHELD = "withheld";

    /**
     * The client as the audit log names it: {@link #WITHHELD} for the public report page's routes and files
     * ({@link RouteRoles#isReportPage}), whose reporters' addresses are never written; otherwise {@link #of}.
     */
    public String audited(HttpRequest<?> request) {
        return RouteRoles.isReportPage(request.getPath()) ? WITHHELD : of(request);
    }

    /** The address {@code request} is counted under: {@code 203.0.113.7}, {@code 2001:db8:0:1:0:0:0:0/64}, or "unknown". */
    public String of(HttpRequest<?> request) {
        String address = headerConfigured ? resolver.resolve(request) : peer(request);
        return address == null ? "unknown" : normalize(address);
    }

    private static @Nullable String peer(HttpRequest<?> request) {
        InetAddress address = request.getRemoteAddress().getAddress();
        return address == null ? null : address.getHostAddress();
    }

    /**
     * An IPv4 address as it is, an IPv6 address as its /64 network (the loopback as it is); anything else (not an
     * address literal) as it is.
     */
    public static String normalize(String address) {
        String literal = address.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (literal.indexOf(':') < 0) {
            return literal;
        }
        try {
            InetAddress a = InetAddress.ofLiteral(literal); // a literal only: never a name lookup
            if (a instanceof Inet6Address && !a.isLoopbackAddress()) {
                byte[] b = Arrays.copyOf(a.getAddress(), 16);
                Arrays.fill(b, IPV6_NETWORK_BYTES, 16, (byte) 0);
                return InetAddress.getByAddress(b).getHostAddress() + "/64";
            }
            return a.getHostAddress();
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return literal;
        }
    }
}
