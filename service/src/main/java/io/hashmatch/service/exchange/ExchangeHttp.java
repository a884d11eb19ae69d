package io.hashmatch.service.exchange;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP for the exchange clients ({@link java.net.http.HttpClient}), with the timeouts and retries of
 * python-threatexchange's clients: each request times out after {@code timeout} (their {@code TimeoutHTTPAdapter},
 * 60 s); a GET that gets 429, 500, 502, 503 or 504, times out or loses its connection is tried again up to
 * {@code retries} times (their urllib3 {@code Retry(total=4, status_forcelist=[429, 500, 502, 503, 504],
 * allowed_methods=["HEAD", "GET", "OPTIONS"])}), waiting {@code backoff}, then twice as long each time (their
 * {@code backoff_factor=0.2}: 0.2, 0.4, 0.8, 1.6 s); a POST or PUT is sent once. 401 and 403 are refused credentials
 * ({@link ExchangeException.Kind#CREDENTIALS_REFUSED}), never retried. Redirects are not followed.
 *
 * <p>Thread-safe.
 */
final class ExchangeHttp {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHttp.class);
    private static final Set<Integer> RETRIED = Set.of(429, 500, 502, 503, 504);
    /** Largest answer read into memory (a page of any exchange is far smaller). */
    static final int MAX_BODY = 256 << 20;

    /**
     * Timeouts and retries.
     *
     * @param timeout of one request, connecting included
     * @param retries further tries of a GET after the first
     * @param backoff the wait before the first retry; doubled each time
     */
    record Settings(Duration timeout, int retries, Duration backoff) {
        /** python-threatexchange's: 60 s, 4 retries, 0.2 s. */
        static final Settings DEFAULT = new Settings(Duration.ofSeconds(60), 4, Duration.ofMillis(200));
    }

    /** An answer: status, headers and body. */
    record Answer(int status, java.net.http.HttpHeaders headers, byte[] body) {}

    private final HttpClient client;
    private final Settings settings;

    ExchangeHttp(Settings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Settings settings() {
        return settings;
    }

    /**
     * GET {@code uri} with {@code headers}, retried as the class comment says; 2xx and 304 are answers.
     *
     * @throws ExchangeException if the credentials are refused, the retries run out or the status is another error
     * @throws IOException never in practice (failures after the retries become {@link ExchangeException})
     */
    Answer get(URI uri, Map<String, String> headers) throws ExchangeException, IOException {
        HttpRequest.Builder b = request(uri, headers).GET();
        return send(b.build(), true);
    }

    /** A POST or PUT of {@code body}, sent once. */
    Answer send(String method, URI uri, Map<String, String> headers, byte[] body)
            throws ExchangeException, IOException {
        HttpRequest.Builder b = request(uri, headers).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        return send(b.build(), false);
    }

    private HttpRequest.Builder request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout());
        headers.forEach(b::header);
        return b;
    }

    private Answer send(HttpRequest request, boolean retry) throws ExchangeException, IOException {
        int tries = retry ? settings.retries() + 1 : 1;
        String what = request.method() + " " + redacted(request.uri());
        String last = "";
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = r.statusCode();
                if (status == 401 || status == 403) {
                    throw new ExchangeException(
                            ExchangeException.Kind.CREDENTIALS_REFUSED,
                            what + ": the exchange refused the credentials (HTTP " + status
                                    + "): expired, revoked or wrong");
                }
                if ((status >= 200 && status < 300) || status == 304) {
                    byte[] body = r.body();
                    if (body.length > MAX_BODY) {
                        throw new ExchangeException(
                                ExchangeException.Kind.PROTOCOL, what + ": answer larger than " + MAX_BODY + " bytes");
                    }
                    return new Answer(status, r.headers(), body);
                }
                if (!RETRIED.contains(status)) {
                    throw new ExchangeException(ExchangeException.Kind.PROTOCOL, what + ": HTTP " + status);
                }
                last = "HTTP " + status;
            } catch (HttpTimeoutException e) {
                last = "no answer within " + settings.timeout().toMillis() + " ms";
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (attempt >= tries) {
                throw new ExchangeException(
                        ExchangeException.Kind.UNAVAILABLE,
                        what + ": " + last + (tries > 1 ? " (after " + tries + " tries)" : ""));
            }
            long wait = settings.backoff().toMillis() << (attempt - 1);
            LOG.warn("{}: {}; trying again in {} ms", what, last, wait);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** The URI without its query, which may carry a token (ThreatExchange's {@code access_token}). */
    static String redacted(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?...";
    }
}
