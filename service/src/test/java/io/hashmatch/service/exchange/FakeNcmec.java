package io.hashmatch.service.exchange;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A local NCMEC hash sharing server speaking the v2 XML protocol as python-threatexchange's client and test data
 * describe it ({@code ncmec/hash_api.py}, {@code ncmec/tests/data.py}): basic auth, {@code /v2/entries?from&to},
 * paging by {@code <next>} ({@code start}, {@code size}, {@code max}), image and video entries and tombstones,
 * feedback PUTs. Events (additions, updates, deletions) carry a timestamp; a window lists those in [from, to).
 */
final class FakeNcmec implements AutoCloseable {
    /** One event of the fake's timeline. */
    record Event(
            int member,
            String id,
            long ts,
            @Nullable String pdq,
            @Nullable String md5,
            boolean deleted) {}

    final List<Event> events = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger entryRequests = new AtomicInteger();
    final List<String> feedback = new CopyOnWriteArrayList<>();
    /** The reasons for negative feedback served at {@code /v2/feedback/<type>/reasons}, GUID to name. */
    final Map<String, String> reasons = new java.util.concurrent.ConcurrentSkipListMap<>(Map.of(
            "01234567-abcd-0123-4567-012345678900", "Example Reason 1",
            "01234567-abcd-0123-4567-012345678901", "Not CSAM"));

    volatile String user = "user";
    volatile String password = "secret";
    volatile int pageSize = 1000;
    volatile int fail500 = 0;
    /** Entry requests beyond this many wait for {@link #releaseAnswers} ({@link #holdEntriesAfter}). */
    private volatile int entryLimit = Integer.MAX_VALUE;
    /** Counted down when an entry request is held by {@link #entryLimit}: the client waits for that answer. */
    final CountDownLatch entryLimitReached = new CountDownLatch(1);
    /** Releases the requests held by {@link #entryLimit}. */
    private final CountDownLatch entriesReleased = new CountDownLatch(1);
    /** How long a held request waits for {@link #releaseAnswers} at most, then is answered. */
    static final Duration HOLD_LIMIT = Duration.ofSeconds(60);
    /** While set, requests wait for it ({@link #holdAnswers}). */
    private volatile @Nullable CountDownLatch held;
    /** Ids whose PDQ fingerprint is sent malformed. */
    final List<String> malformedIds = new CopyOnWriteArrayList<>();

    private final HttpServer server;
    /** Each window's events, listed once (a window is paged through many times). */
    private final Map<String, List<Event>> windows = new java.util.concurrent.ConcurrentHashMap<>();

    FakeNcmec() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    /**
     * From now on, requests get no answer until {@link #releaseAnswers} (or {@link #HOLD_LIMIT}): a client's timeout
     * fires whatever the load of the machine, where a fixed delay races it.
     */
    void holdAnswers() {
        held = new CountDownLatch(1);
    }

    /**
     * Answers {@code n} entry requests; the next one gets no answer until {@link #releaseAnswers} (or
     * {@link #HOLD_LIMIT}), and {@link #entryLimitReached} tells that a client waits for it: a client can be stopped
     * after exactly {@code n} pages, however fast or slow it runs.
     */
    void holdEntriesAfter(int n) {
        entryLimit = n;
    }

    /** Answers the held requests (to clients that may have given up) and the later ones at once. */
    void releaseAnswers() {
        entryLimit = Integer.MAX_VALUE;
        entriesReleased.countDown();
        CountDownLatch h = held;
        held = null;
        if (h != null) {
            h.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            requests.incrementAndGet();
            CountDownLatch h = held;
            if (h != null) {
                await(h);
            }
            String expected = "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
                send(x, 401, "<error>Unauthorized</error>");
                return;
            }
            if (fail500 > 0) {
                fail500--;
                send(x, 500, "oops");
                return;
            }
            String path = x.getRequestURI().getPath();
            if (x.getRequestMethod().equals("PUT") && path.endsWith("/feedback")) {
                feedback.add(path + " " + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                send(x, 200, "");
                return;
            }
            if (x.getRequestMethod().equals("GET") && path.startsWith("/v2/feedback/") && path.endsWith("/reasons")) {
                // python-threatexchange's ncmec/tests/data.py FEEDBACK_REASONS_XML
                StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                        + "<availableFeedbackReasons xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\">\n");
                String type = path.substring("/v2/feedback/".length(), path.length() - "/reasons".length());
                reasons.forEach((guid, name) -> b.append("<reason guid=\"")
                        .append(guid)
                        .append("\" name=\"")
                        .append(name)
                        .append("\" type=\"")
                        .append(type)
                        .append("\"/>\n"));
                send(x, 200, b.append("</availableFeedbackReasons>").toString());
                return;
            }
            if (!path.equals("/v2/entries")) {
                send(x, 404, "");
                return;
            }
            if (entryRequests.get() >= entryLimit) {
                entryLimitReached.countDown();
                await(entriesReleased);
            }
            entryRequests.incrementAndGet();
            Map<String, String> q = query(x.getRequestURI().getRawQuery());
            long from = Instant.parse(q.get("from")).getEpochSecond();
            long to = Instant.parse(q.get("to")).getEpochSecond();
            int start = Integer.parseInt(q.getOrDefault("start", "1"));
            int size = Integer.parseInt(q.getOrDefault("size", String.valueOf(pageSize)));
            List<Event> window = windows.computeIfAbsent(from + "/" + to + "/" + events.size(), k -> {
                List<Event> w = new ArrayList<>();
                for (Event e : events) {
                    if (e.ts() >= from && e.ts() < to) {
                        w.add(e);
                    }
                }
                return w;
            });
            int lo = Math.min(window.size(), start - 1);
            int hi = Math.min(window.size(), lo + size);
            StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    + "<queryResult xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\">\n");
            long maxTs = 0;
            for (int i = lo; i < hi; i++) {
                maxTs = Math.max(maxTs, window.get(i).ts());
            }
            b.append("<images count=\"")
                    .append(hi - lo)
                    .append("\" maxTimestamp=\"")
                    .append(NcmecClient.date(maxTs))
                    .append("\">\n");
            for (int i = lo; i < hi; i++) {
                Event e = window.get(i);
                String tag = e.deleted() ? "deletedImage" : (e.pdq() == null ? "video" : "image");
                b.append("<").append(tag).append(">");
                b.append("<member id=\"")
                        .append(e.member())
                        .append("\">Member ")
                        .append(e.member())
                        .append("</member>");
                b.append("<timestamp>").append(NcmecClient.date(e.ts())).append("</timestamp>");
                b.append("<id>").append(e.id()).append("</id>");
                if (!e.deleted()) {
                    b.append("<classification>A1</classification><fingerprints>");
                    if (e.md5() != null) {
                        b.append("<md5>").append(e.md5()).append("</md5>");
                    }
                    b.append("<sha1>").append("ab".repeat(20)).append("</sha1>");
                    if (e.pdq() != null) {
                        b.append("<pdq>")
                                .append(malformedIds.contains(e.id()) ? "not-a-pdq" : e.pdq())
                                .append("</pdq>");
                    }
                    b.append("</fingerprints><feedback/>");
                }
                b.append("</").append(tag).append(">\n");
            }
            b.append("</images>\n<videos count=\"0\"/>\n");
            if (hi < window.size()) {
                b.append("<paging><next>/v2/entries?from=")
                        .append(enc(NcmecClient.date(from)))
                        .append("&amp;to=")
                        .append(enc(NcmecClient.date(to)))
                        .append("&amp;start=")
                        .append(hi + 1)
                        .append("&amp;size=")
                        .append(size)
                        .append("&amp;max=")
                        .append(window.size())
                        .append("</next></paging>\n");
            }
            b.append("</queryResult>\n");
            send(x, 200, b.toString());
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(@Nullable String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/xml");
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The live entries after every event: id → key. */
    Map<String, EntryKey> live() {
        Map<String, EntryKey> live = new HashMap<>();
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparingLong(Event::ts));
        for (Event e : sorted) {
            String id = e.member() + "-" + e.id();
            if (e.deleted() || malformedIds.contains(e.id())) {
                if (e.deleted()) {
                    live.remove(id);
                }
            } else {
                live.put(
                        id, new EntryKey(e.pdq() == null ? null : io.hashmatch.hash.PdqHash.fromHex(e.pdq()), e.md5()));
            }
        }
        return live;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
