package io.hashmatch.service.intake;

import io.hashmatch.service.security.AnonymousAccess;
import io.hashmatch.service.security.ClientAddresses;
import io.micronaut.http.HttpRequest;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a reporter's requests are counted under, without keeping their address: HMAC-SHA-256 of the client address
 * under a random key made when the process starts and held only in its memory, cut to 128 bits. The same address
 * gives the same key for the life of the process; once the process ends nobody can tell which address a key was,
 * and the address itself is never stored anywhere.
 *
 * <p>The client address is the connection's peer; only when the peer is one of the configured trusted proxies
 * ({@link IntakeRateLimitConfiguration#trustedProxies()}) is {@code X-Forwarded-For} read: from its right end, the
 * first address that is not itself a trusted proxy is the client (a client may write anything on the left of the
 * header, but each trusted proxy appends the address it saw). An IPv6 address counts as its /64 network
 * ({@link ClientAddresses#normalize}).
 *
 * <p>Thread-safe.
 */
@Singleton
final class ClientKeys {
    static final String FORWARDED_FOR = "X-Forwarded-For";

    /** A client's key: the first 128 bits of the keyed hash. */
    record Key(long high, long low) {}

    private final List<IpSubnetFilterRule> proxies;
    private final ProcessKeyMac hmac;

    ClientKeys(IntakeRateLimitConfiguration config) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (String cidr : config.proxies()) {
            rules.add(AnonymousAccess.subnet("hashmatch.intake.rate-limit.trusted-proxies", cidr));
        }
        this.proxies = List.copyOf(rules);
        this.hmac = new ProcessKeyMac(new SecureRandom());
    }

    /** The key {@code request}'s client is counted under. */
    Key of(HttpRequest<?> request) {
        return keyOf(address(request.getRemoteAddress(), request.getHeaders().getAll(FORWARDED_FOR)));
    }

    /** The keyed hash of an address as {@link #address} gives it. */
    Key keyOf(String address) {
        byte[] bytes = address.getBytes(StandardCharsets.UTF_8);
        byte[] h = hmac.of(bytes, 0, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(h);
        return new Key(b.getLong(), b.getLong());
    }

    /**
     * The client address of a request from {@code peer} with these {@code X-Forwarded-For} headers (in order), before
     * hashing; "unknown" without a peer.
     */
    String address(@Nullable InetSocketAddress peer, List<String> forwardedFor) {
        if (peer == null || peer.getAddress() == null) {
            return "unknown";
        }
        InetAddress client = peer.getAddress();
        if (trusted(client)) {
            List<String> hops = new ArrayList<>();
            for (String header : forwardedFor) {
                for (String hop : header.split(",", -1)) {
                    hops.add(hop.strip());
                }
            }
            for (int i = hops.size() - 1; i >= 0; i--) {
                InetAddress hop = literal(hops.get(i));
                if (hop == null) {
                    break; // not an address: nothing left of it can be believed
                }
                client = hop;
                if (!trusted(hop)) {
                    break;
                }
            }
        }
        return ClientAddresses.normalize(client.getHostAddress());
    }

    private boolean trusted(InetAddress a) {
        InetSocketAddress s = new InetSocketAddress(a, 0);
        for (IpSubnetFilterRule r : proxies) {
            if (r.matches(s)) {
                return true;
            }
        }
        return false;
    }

    /** An address literal ({@code 203.0.113.7}, {@code 2001:db8::1}, {@code [2001:db8::1]}), or null; never a lookup. */
    private static @Nullable InetAddress literal(String s) {
        String v = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (v.isEmpty() || v.length() > 64) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
