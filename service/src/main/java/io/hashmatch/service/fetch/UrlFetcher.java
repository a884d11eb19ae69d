package io.hashmatch.service.fetch;

import io.hashmatch.service.security.AnonymousAccess;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the media a URL names, safely against server-side request forgery:
 *
 * <ul>
 *   <li>only {@code http} and {@code https} URLs whose host {@code hashmatch.fetch.allowed-hosts} lists (none by
 *       default: nothing is fetched), without user info;
 *   <li>the host is resolved once, by this class's own resolver, which keeps only public addresses (and those in
 *       {@code allowed-networks}); the connection goes to exactly those addresses, so a second DNS answer cannot
 *       point it elsewhere (no rebinding window). No proxy is used;
 *   <li>redirects are followed by hand, at most {@code max-redirects}, and only to the same host (and port, or
 *       https on its default port);
 *   <li>a body larger than {@code max-bytes} is refused (by its Content-Length before reading, or while reading);
 *   <li>connect, read (between bytes) and total time limits; the total one aborts the connection.
 * </ul>
 *
 * <p>Not public: 0.0.0.0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.168/16, 198.18/15,
 * 224/4, 240/4, and IPv6 ::, ::1, fc00::/7, fe80::/10, ff00::/8 (an IPv4-mapped IPv6 address is checked as IPv4).
 *
 * <p>Thread-safe: one shared connection pool.
 */
@Singleton
public final class UrlFetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UrlFetcher.class);

    private static final long DEFAULT_MAX_BYTES = 32L << 20;
    private static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_READ = Duration.ofSeconds(10);
    private static final Duration DEFAULT_TOTAL = Duration.ofSeconds(30);
    private static final int DEFAULT_REDIRECTS = 3;

    private static final List<IpSubnetFilterRule> NOT_PUBLIC = List.of(
                    "0.0.0.0/8",
                    "10.0.0.0/8",
                    "100.64.0.0/10",
                    "127.0.0.0/8",
                    "169.254.0.0/16",
                    "172.16.0.0/12",
                    "192.0.0.0/24",
                    "192.168.0.0/16",
                    "198.18.0.0/15",
                    "224.0.0.0/4",
                    "240.0.0.0/4",
                    "::/128",
                    "::1/128",
                    "fc00::/7",
                    "fe80::/10",
                    "ff00::/8")
            .stream()
            .map(c -> AnonymousAccess.subnet("not public", c))
            .toList();

    /** What was fetched: the body and the answer's Content-Type ({@code ""} when it had none). */
    public record Fetched(byte[] body, String contentType) {}

    /** The resolver refused every address of a host. */
    private static final class UnsafeAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        UnsafeAddressException(String message) {
            super(message);
        }
    }

    private final List<String> allowedHosts;
    private final List<IpSubnetFilterRule> allowedNetworks;
    private final long maxBytes;
    private final Duration total;
    private final int maxRedirects;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;

    /**
     * A fetcher with {@code config}'s limits.
     *
     * @throws IllegalArgumentException if an allowed network is not a CIDR block
     */
    public UrlFetcher(FetchConfiguration config) {
        this.allowedHosts = config.allowedHosts() == null
                ? List.of()
                : config.allowedHosts().stream()
                        .map(h -> h.strip().toLowerCase(Locale.ROOT))
                        .filter(h -> !h.isEmpty())
                        .toList();
        this.allowedNetworks = config.allowedNetworks() == null
                ? List.of()
                : config.allowedNetworks().stream()
                        .map(c -> AnonymousAccess.subnet("hashmatch.fetch.allowed-networks", c))
                        .toList();
        this.maxBytes = config.maxBytes() == null ? DEFAULT_MAX_BYTES : config.maxBytes();
        this.total = config.totalTimeout() == null ? DEFAULT_TOTAL : config.totalTimeout();
        this.maxRedirects = config.maxRedirects() == null ? DEFAULT_REDIRECTS : Math.max(0, config.maxRedirects());
        Duration connect = config.connectTimeout() == null ? DEFAULT_CONNECT : config.connectTimeout();
        Duration read = config.readTimeout() == null ? DEFAULT_READ : config.readTimeout();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckingResolver())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connect))
                                .setSocketTimeout(Timeout.of(read))
                                .build())
                        .setDefaultSocketConfig(SocketConfig.custom()
                                .setSoTimeout(Timeout.of(read))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(read))
                        .setConnectionRequestTimeout(Timeout.of(connect))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("hashmatch")
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hashmatch-fetch-deadline");
            t.setDaemon(true);
            return t;
        });
        if (!allowedHosts.isEmpty()) {
            LOG.info("fetching URLs of {} (hashmatch.fetch.allowed-hosts)", allowedHosts);
        }
    }

    /** Whether any URL may be fetched at all. */
    public boolean enabled() {
        return !allowedHosts.isEmpty();
    }

    /**
     * Fetches {@code url}.
     *
     * @throws FetchException if it may not be fetched or the fetch failed ({@link FetchException#kind()})
     */
    public Fetched fetch(String url) throws FetchException {
        URI uri = allowed(url);
        long deadline = System.nanoTime() + total.toNanos();
        String host = host(uri);
        for (int redirects = 0; ; redirects++) {
            HttpGet get = new HttpGet(uri);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new FetchException(FetchException.Kind.TIMEOUT, "took longer than " + total);
            }
            ScheduledFuture<?> abort = deadlines.schedule(() -> get.cancel(), left, TimeUnit.NANOSECONDS);
            try (ClassicHttpResponse response = client.executeOpen(null, get, null)) {
                int status = response.getCode();
                if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                    Header location = response.getFirstHeader("Location");
                    if (location == null) {
                        throw new FetchException(FetchException.Kind.FAILED, "HTTP " + status + " without Location");
                    }
                    if (redirects >= maxRedirects) {
                        throw new FetchException(
                                FetchException.Kind.REDIRECT_REFUSED, "more than " + maxRedirects + " redirects");
                    }
                    uri = redirect(uri, host, location.getValue());
                    get.cancel(); // the redirect's body is not read
                    continue;
                }
                if (status < 200 || status > 299) {
                    throw new FetchException(FetchException.Kind.FAILED, "HTTP " + status + " from " + host);
                }
                HttpEntity entity = response.getEntity();
                if (entity == null) {
                    return new Fetched(new byte[0], "");
                }
                if (entity.getContentLength() > maxBytes) {
                    get.cancel();
                    throw tooLarge();
                }
                String contentType = entity.getContentType() == null ? "" : entity.getContentType();
                byte[] body = read(entity, get);
                return new Fetched(body, contentType);
            } catch (FetchException e) {
                get.cancel();
                throw e;
            } catch (IllegalStateException e) {
                if (get.isCancelled()) { // by the deadline, while the client was still setting the connection up
                    throw new FetchException(FetchException.Kind.TIMEOUT, "took longer than " + total);
                }
                throw e;
            } catch (UnsafeAddressException e) {
                throw new FetchException(FetchException.Kind.UNSAFE_ADDRESS, String.valueOf(e.getMessage()));
            } catch (IOException e) {
                get.cancel();
                if (System.nanoTime() - deadline >= 0 || (get.isCancelled() && abort.isDone())) {
                    throw new FetchException(FetchException.Kind.TIMEOUT, "took longer than " + total);
                }
                if (e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException) {
                    throw new FetchException(FetchException.Kind.TIMEOUT, "timed out: " + e.getMessage());
                }
                if (e instanceof UnknownHostException) {
                    throw new FetchException(FetchException.Kind.FAILED, "unknown host " + host);
                }
                if (e instanceof InterruptedIOException) {
                    throw new FetchException(FetchException.Kind.TIMEOUT, "interrupted: " + e.getMessage());
                }
                throw new FetchException(
                        FetchException.Kind.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
            } finally {
                abort.cancel(false);
            }
        }
    }

    private byte[] read(HttpEntity entity, HttpGet get) throws IOException, FetchException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                (int) Math.min(maxBytes, Math.max(8192, Math.min(entity.getContentLength(), 1 << 20))));
        byte[] buffer = new byte[8192];
        long read = 0;
        try (InputStream in = entity.getContent()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read += n;
                if (read > maxBytes) {
                    get.cancel();
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private FetchException tooLarge() {
        return new FetchException(FetchException.Kind.TOO_LARGE, "larger than " + maxBytes + " bytes");
    }

    /** {@code url} if it may be fetched. */
    private URI allowed(String url) throws FetchException {
        if (allowedHosts.isEmpty()) {
            throw new FetchException(FetchException.Kind.NOT_ALLOWED, "fetching URLs is off (hashmatch.fetch)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new FetchException(FetchException.Kind.NOT_ALLOWED, "not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(FetchException.Kind.NOT_ALLOWED, "not an http(s) URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new FetchException(FetchException.Kind.NOT_ALLOWED, "no host, or user info in the URL");
        }
        String host = host(uri);
        for (String a : allowedHosts) {
            if (host.equals(a) || (a.startsWith(".") && host.endsWith(a))) {
                return uri;
            }
        }
        throw new FetchException(
                FetchException.Kind.NOT_ALLOWED, "host " + host + " is not in hashmatch.fetch.allowed-hosts");
    }

    /** The redirect target, if it is on the same host. */
    private static URI redirect(URI from, String host, String location) throws FetchException {
        URI to;
        try {
            to = from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchException(FetchException.Kind.REDIRECT_REFUSED, "redirect to an invalid URL");
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if (to.getHost() == null || !host(to).equals(host) || to.getRawUserInfo() != null) {
            throw new FetchException(
                    FetchException.Kind.REDIRECT_REFUSED, "redirect from " + host + " to another host");
        }
        boolean samePort = port(to) == port(from);
        boolean upgrade = scheme.equals("https") && to.getPort() < 0;
        if (!(scheme.equals("http") || scheme.equals("https")) || !(samePort || upgrade)) {
            throw new FetchException(
                    FetchException.Kind.REDIRECT_REFUSED, "redirect from " + host + " to another port or scheme");
        }
        return to;
    }

    private static String host(URI uri) {
        String h = String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Whether the service may connect to {@code address}: public, or in an allowed network. */
    boolean mayConnect(InetAddress address) {
        InetSocketAddress a = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule allowed : allowedNetworks) {
            if (allowed.matches(a)) {
                return true;
            }
        }
        for (IpSubnetFilterRule rule : NOT_PUBLIC) {
            if (rule.matches(a)) {
                return false;
            }
        }
        return true;
    }

    /** Resolves once and keeps only the addresses the service may connect to: the connection uses exactly those. */
    private final class CheckingResolver implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] all = InetAddress.getAllByName(host);
            List<InetAddress> kept = new ArrayList<>(all.length);
            for (InetAddress a : all) {
                if (mayConnect(a)) {
                    kept.add(a);
                }
            }
            if (kept.isEmpty()) {
                throw new UnsafeAddressException(
                        host + " resolves only to non-public addresses (hashmatch.fetch.allowed-networks)");
            }
            return kept.toArray(InetAddress[]::new);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host; // never a second lookup
        }
    }

    /** Closes the connection pool. */
    @PreDestroy
    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}
