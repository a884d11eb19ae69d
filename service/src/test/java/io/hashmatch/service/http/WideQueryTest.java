package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.SnapshotWriter;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The heap-exhaustion attack: wide queries against a large list of near-duplicates (140 000 entries, each within 12
 * bits of one hash, generated from seed {@value #SEED}), where every query hits every entry. Each answer keeps its
 * nearest {@code max-hits-per-query} hits, exactly those of a brute-force oracle, and says it is truncated; a request
 * whose searches would examine too much is refused with a typed 422; other clients are answered meanwhile.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WideQueryTest extends ServedRoutesFixture implements TestPropertyProvider {
    static final long SEED = 20261205L;
    static final int ENTRIES = 140_000;
    static final int PER_QUERY = 100; // hashmatch.limits.max-hits-per-query, default

    PdqHash center;
    PdqHash[] entries;

    @Override
    public Map<String, String> getProperties() {
        Random r = new Random(SEED);
        center = PdqHash.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
        entries = new PdqHash[ENTRIES];
        try {
            Path dir = Files.createTempDirectory("hashmatch-wide");
            SnapshotWriter w = SnapshotWriter.create("wide", "1");
            for (int e = 0; e < ENTRIES; e++) {
                entries[e] = flip(center, r.nextInt(13), r);
                w.addPdq(w.addEntry(), entries[e]);
            }
            Path snapshot = dir.resolve("wide.hmsnap");
            w.write(snapshot);
            return Map.of(
                    "hashmatch.lists[0]",
                    snapshot.toString(),
                    "hashmatch.work-dir",
                    dir.resolve("work").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PdqHash flip(PdqHash h, int bits, Random r) {
        long[] w = {h.w0(), h.w1(), h.w2(), h.w3()};
        for (int i = 0; i < bits; i++) {
            int b = r.nextInt(256);
            w[b >> 6] ^= 1L << (b & 63);
        }
        return PdqHash.of(w[0], w[1], w[2], w[3]);
    }

    /** The brute-force oracle: the nearest {@value #PER_QUERY} entries (distance, then entry) as the answer writes them. */
    String expectedHits(PdqHash query) {
        return IntStream.range(0, ENTRIES)
                .boxed()
                .sorted(Comparator.<Integer>comparingInt(e -> entries[e].distance(query))
                        .thenComparingInt(e -> e))
                .limit(PER_QUERY)
                .map(e -> "{\"list\":\"wide\",\"entry\":" + e + ",\"distance\":" + entries[e].distance(query)
                        + ",\"kind\":\"pdq\"}")
                .collect(Collectors.joining(","));
    }

    String batch(int queries) {
        Random r = new Random(SEED + queries);
        List<String> hexes = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            hexes.add("\"" + (q == 0 ? center : flip(center, r.nextInt(5), r)).toHex() + "\"");
        }
        return "{\"hashes\":[" + String.join(",", hexes) + "]}";
    }

    static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void fiftyWideQueriesGetTheirNearestHitsTruncatedWhileOthersAreServed() throws Exception {
        Http match = new Http(server.getURL(), TestKeys.MATCH);
        String fifty = batch(50);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Http.Answer>> wide = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                wide.add(pool.submit(() -> match.postJson("/v1/match/hashes", fifty)));
            }
            // another client's small request is answered while the wide ones run
            long start = System.nanoTime();
            Http.Answer small = match.postJson("/v1/match/hashes", "{\"hashes\":[\"" + "0".repeat(32) + "\"]}");
            assertThat(small.status()).isEqualTo(200);
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("ms for a small request")
                    .isLessThan(10_000);
            for (Future<Http.Answer> f : wide) {
                Http.Answer a = f.get();
                assertThat(a.status())
                        .as(a.body().substring(0, Math.min(300, a.body().length())))
                        .isEqualTo(200);
                assertThat(count(a.body(), "\"entry\":")).isEqualTo(50 * PER_QUERY);
                assertThat(count(a.body(), "\"matched\":true,\"truncated\":true}"))
                        .isEqualTo(50);
                assertThat(a.body())
                        .contains("{\"query\":\"" + center.toHex() + "\",\"kind\":\"pdq\",\"hits\":["
                                + expectedHits(center) + "],\"matched\":true,\"truncated\":true}");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(match.get("/m/lookup?signal_type=pdq&signal=" + center.toHex())
                        .body())
                .startsWith("{\"wide\":[{\"bank_content_id\":")
                .satisfies(b -> assertThat(count(b, "bank_content_id")).isEqualTo(PER_QUERY));
    }

    @Test
    void aRequestWhoseSearchesWouldExamineTooMuchIsRefusedWithATypedError() {
        // 100 queries x 140 000 hits each: over the default 10 000 000 examined per request
        assertThat(http.postJson("/v1/match/hashes", batch(100)))
                .isEqualTo(new Http.Answer(
                        422,
                        "application/json",
                        "{\"error\":{\"code\":\"search_too_wide\",\"message\":\"the searches found more than 10000000"
                                + " hits within the distance (hashmatch.limits.max-examined-per-request): send fewer"
                                + " queries per request or a smaller maxDistance\"}}"));
        assertThat(http.get("/status/live").status()).isEqualTo(200);
    }
}
