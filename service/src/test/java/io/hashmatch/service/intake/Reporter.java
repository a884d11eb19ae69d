package io.hashmatch.service.intake;

import io.hashmatch.service.security.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the report page sends, made by a test: seeded random hashes as JSON bodies, and a plain JDK client (no key)
 * for the intake routes.
 */
final class Reporter {
    /** One answer. */
    record Answer(int status, String body) {}

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern RECEIPT = Pattern.compile("\"receipt\":\"([0-9A-Z-]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");

    private final String base;

    Reporter(URL server) {
        String s = server.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    Reporter(String base) {
        this.base = base;
    }

    Answer post(String path, String json) {
        return post(path, json, null);
    }

    /** A POST with the API key {@code key} (none if null). */
    Answer post(String path, String json, @Nullable String key) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                key);
    }

    Answer get(String path) {
        return get(path, null);
    }

    /** A GET with the API key {@code key} (none if null). */
    Answer get(String path, @Nullable String key) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), key);
    }

    private static Answer send(HttpRequest.Builder b, @Nullable String key) {
        if (key != null) {
            b.header("X-API-Key", key);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Submits {@code body} with a solved challenge; returns the receipt code (fails unless 200). */
    String submit(String body) {
        Answer a = post("/v1/report", solved(body));
        if (a.status() != 200) {
            throw new AssertionError("submit answered " + a.status() + ": " + a.body());
        }
        return receiptIn(a.body());
    }

    /** Submits {@code body} as {@link #submit} does; returns the case number the service gave the report. */
    long submitCase(Reports reports, String body) {
        return caseOf(reports, submit(body));
    }

    /** The case number of the report with receipt code {@code receipt} (fails if there is none). */
    static long caseOf(Reports reports, String receipt) {
        return Reports.idOf(reports.byReceipt(ReceiptCodes.normalize(receipt)).orElseThrow());
    }

    /** Confirms case {@code id} with the hotline's key; returns the answer (fails unless 200). */
    Answer confirm(long id) {
        Answer a = post("/v1/hotline/reports/" + id + "/confirm", "", TestKeys.HOTLINE);
        if (a.status() != 200) {
            throw new AssertionError("confirm of case " + id + " answered " + a.status() + ": " + a.body());
        }
        return a;
    }

    /** The status of a receipt, or "unknown" for a 404. */
    String status(String receipt) {
        Answer a = post("/v1/report/status", "{\"receipt\":\"" + receipt + "\"}");
        if (a.status() == 404) {
            return "unknown";
        }
        Matcher m = STATUS.matcher(a.body());
        if (a.status() != 200 || !m.find()) {
            throw new AssertionError("status answered " + a.status() + ": " + a.body());
        }
        return m.group(1);
    }

    private static final Pattern CHALLENGE =
            Pattern.compile("\"challenge\":\"([A-Za-z0-9_-]+)\",\"difficulty\":(\\d+)");

    /** {@code body} (a JSON object) with a new challenge of the service and its solution added. */
    String solved(String body) {
        Answer a = get("/v1/report/challenge");
        Matcher m = CHALLENGE.matcher(a.body());
        if (a.status() != 200 || !m.find()) {
            throw new AssertionError("challenge answered " + a.status() + ": " + a.body());
        }
        return withSolution(body, m.group(1), solve(m.group(1), Integer.parseInt(m.group(2))));
    }

    /** {@code body} (a JSON object) with {@code challenge} and {@code solution} added. */
    static String withSolution(String body, String challenge, String solution) {
        return "{\"challenge\":\"" + challenge + "\",\"solution\":\"" + solution + "\"," + body.substring(1);
    }

    /** The first solution of {@code challenge} in base 36 counting order: SHA-256 with {@code difficulty} zero bits. */
    static String solve(String challenge, int difficulty) {
        for (long n = 0; ; n++) {
            String s = Long.toString(n, 36);
            if (Challenges.solves(challenge, s, difficulty)) {
                return s;
            }
        }
    }

    static String receiptIn(String body) {
        Matcher m = RECEIPT.matcher(body);
        if (!m.find()) {
            throw new AssertionError("no receipt in " + body);
        }
        return m.group(1);
    }

    /** One image's hashes, as the page sends them. */
    record Image(String md5, String sha256, String pdq, int quality, int width, int height) {
        String json() {
            return "{\"kind\":\"image\",\"md5\":\"" + md5 + "\",\"sha256\":\"" + sha256 + "\",\"pdq\":\"" + pdq
                    + "\",\"quality\":" + quality + ",\"width\":" + width + ",\"height\":" + height + "}";
        }
    }

    /** {@code n} images of random hashes. */
    static List<Image> images(Random random, int n) {
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(new Image(
                    hex(random, 16),
                    hex(random, 32),
                    hex(random, 32),
                    random.nextInt(101),
                    1 + random.nextInt(4000),
                    1 + random.nextInt(4000)));
        }
        return images;
    }

    static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A submission body: {@code images}, the category {@code other}, a where-seen text and no contact. */
    static String body(String submission, String lang, List<Image> images, String seenWhere) {
        StringBuilder b = new StringBuilder("{\"submission\":\"" + submission + "\",\"lang\":\"" + lang
                + "\",\"categories\":[\"other\"],\"seenWhere\":\"" + seenWhere + "\",\"contact\":\"\",\"items\":[");
        for (int i = 0; i < images.size(); i++) {
            b.append(i > 0 ? "," : "").append(images.get(i).json());
        }
        return b.append("]}").toString();
    }
}
