package io.hashmatch.service.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.http.HttpRequest;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller a request without a key is taken for, when {@code hashmatch.security.anonymous} allows it
 * ({@link AnonymousConfiguration}): HMA has no keys, and some of its clients (ROOST Coop's HMA service, fetlife's Ruby
 * gem, hma-matrix) have no way to send one.
 *
 * <p>Off by default. When on, a request that sends <em>no</em> key and whose connection comes from one of the
 * configured networks is served as the caller {@code anonymous} with the configured role, {@code match} or
 * {@code curate}; {@code admin} is refused at start, so the service's administration always needs a key. A request
 * that sends a key is authenticated by it as usual (a wrong key is still 401). The address checked is the
 * connection's peer, never a forwarded-for header, which a client that reaches the service directly could forge: a
 * deployment behind its own gateway lists the gateway's addresses. The service says so with a warning at start.
 *
 * <p>Immutable after construction; thread-safe.
 */
@Context
@Requires(notEnv = Environment.CLI)
public final class AnonymousAccess {
    private static final Logger LOG = LoggerFactory.getLogger(AnonymousAccess.class);
    /** The id the audit log and the metrics give anonymous callers. */
    public static final String CALLER_ID = "anonymous";

    private final @Nullable ApiKey caller;
    private final List<IpSubnetFilterRule> networks;

    AnonymousAccess(AnonymousConfiguration configuration) {
        String where = "hashmatch.security.anonymous";
        if (configuration.role() == null || configuration.role().isBlank()) {
            if (configuration.from() != null && !configuration.from().isEmpty()) {
                throw new IllegalArgumentException(where + ".from is set but " + where + ".role is not");
            }
            this.caller = null;
            this.networks = List.of();
            return;
        }
        Role role =
                switch (configuration.role().toLowerCase(Locale.ROOT)) {
                    case "match" -> Role.MATCH;
                    case "curate" -> Role.CURATE;
                    default ->
                        throw new IllegalArgumentException(where + ".role must be match or curate (never admin), not '"
                                + configuration.role() + "'");
                };
        List<String> from = configuration.from();
        if (from == null || from.isEmpty()) {
            throw new IllegalArgumentException(where
                    + ".from must list the networks (CIDR, e.g. 10.0.0.0/8) requests without a key may come from");
        }
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (String cidr : from) {
            rules.add(subnet(where + ".from", cidr));
        }
        this.caller = new ApiKey(CALLER_ID, role);
        this.networks = List.copyOf(rules);
        LOG.warn(
                "ANONYMOUS ACCESS IS ON: requests without an API key from {} are served with the {} role"
                        + " (hashmatch.security.anonymous)",
                from,
                role.name().toLowerCase(Locale.ROOT));
    }

    /**
     * One CIDR block ({@code 10.0.0.0/8}, {@code ::1/128}; an address alone is a block of one).
     *
     * @throws IllegalArgumentException naming {@code where} if it is not one
     */
    public static IpSubnetFilterRule subnet(String where, String cidr) {
        String s = cidr.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        try {
            // a literal only: never a name lookup
            java.net.InetAddress a = java.net.InetAddress.ofLiteral(address);
            int bits = a.getAddress().length * 8;
            int prefix = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix out of range");
            }
            return new IpSubnetFilterRule(a, prefix, IpFilterRuleType.ACCEPT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where + ": '" + cidr + "' is not a CIDR block (address/prefix, e.g. 10.0.0.0/8)", e);
        }
    }

    /** Whether anonymous access is on. */
    public boolean enabled() {
        return caller != null;
    }

    /** The caller a request without a key is served as, or null when it must be refused (off, or another network). */
    @Nullable
    ApiKey callerFor(HttpRequest<?> request) {
        if (caller == null) {
            return null;
        }
        InetSocketAddress peer = request.getRemoteAddress();
        if (peer == null || peer.getAddress() == null) {
            return null;
        }
        for (IpSubnetFilterRule rule : networks) {
            if (rule.matches(peer)) {
                return caller;
            }
        }
        return null;
    }
}
