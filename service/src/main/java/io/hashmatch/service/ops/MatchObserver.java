package io.hashmatch.service.ops;

import io.hashmatch.decode.DecodeError;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.VideoHit;
import io.hashmatch.scan.ScanError;
import io.hashmatch.video.VideoDecodeError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hook the match routes call after matching, and the image and video routes after a failed decode: counts for
 * {@code /prometheus} (the audit line reads the route's {@code MatchSummary} instead). Meters:
 *
 * <ul>
 *   <li>{@code hashmatch_queries_matched_total{source="hashes"|"image"|"video"}}: hashes matched (one per hash of a
 *       batch or HMA lookup), images matched and videos matched;</li>
 *   <li>{@code hashmatch_hits_total{list="<name>"}}: hits that count as matches, per list (suppression hits and the
 *       hits they cancel are not counted);</li>
 *   <li>{@code hashmatch_decode_errors_total{source="image"|"video",type="<code>"}}: uploads that could not be
 *       hashed, images by {@link DecodeError#code()} ({@code unsupported_format}, {@code truncated}, ...), videos by
 *       {@link VideoDecodeError#code()} ({@code unsupported_format}, {@code no_video_stream}, {@code time_limit}, ...,
 *       and {@code internal_error}).</li>
 * </ul>
 * Request latency histograms per route are micronaut-micrometer's {@code http_server_requests_seconds} (tag
 * {@code uri}), recorded by {@link RequestTimers}.
 *
 * <p>Thread-safe.
 */
@Singleton
public final class MatchObserver {
    /** What was matched. */
    public enum Source {
        /** Hashes sent by the caller. */
        HASHES,
        /** An uploaded image, hashed by the service. */
        IMAGE,
        /** An uploaded video, hashed by the service (vPDQ) and matched with {@link #matchedVideo}. */
        VIDEO
    }

    static final String QUERIES = "hashmatch.queries.matched";
    static final String HITS = "hashmatch.hits";
    static final String DECODE_ERRORS = "hashmatch.decode.errors";

    private final MeterRegistry registry;
    private final Map<Source, Counter> queries = new EnumMap<>(Source.class);
    private final Map<DecodeError, Counter> decodeErrors = new EnumMap<>(DecodeError.class);
    /** Per video error code: the codes are strings ({@link io.hashmatch.scan.MediaHashes.Video#errorCode()}). */
    private final Map<String, Counter> videoDecodeErrors = new ConcurrentHashMap<>();
    /** Per list name: registering a meter looks it up by name and tags, a map and an allocation per hit. */
    private final Map<String, Counter> hits = new ConcurrentHashMap<>();

    MatchObserver(MeterRegistry registry) {
        this.registry = registry;
        for (Source s : Source.values()) {
            queries.put(
                    s,
                    Counter.builder(QUERIES)
                            .description("Hashes, images and videos matched against the lists")
                            .tag("source", s.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
        for (DecodeError e : DecodeError.values()) {
            decodeErrors.put(e, decodeErrors(Source.IMAGE, e.code()));
        }
        for (VideoDecodeError e : VideoDecodeError.values()) {
            videoDecodeErrors.put(e.code(), decodeErrors(Source.VIDEO, e.code()));
        }
        videoDecodeErrors.put(
                ScanError.INTERNAL_ERROR.code(), decodeErrors(Source.VIDEO, ScanError.INTERNAL_ERROR.code()));
    }

    private Counter decodeErrors(Source source, String code) {
        return Counter.builder(DECODE_ERRORS)
                .description("Uploaded images and videos that could not be hashed")
                .tag("source", source.name().toLowerCase(Locale.ROOT))
                .tag("type", code)
                .register(registry);
    }

    /**
     * Records one match request of hashes or an image ({@code results}, one per query): counts the hashes, or the
     * image, and the hits that count per list.
     */
    public void matched(Source source, List<MatchResult> results) {
        count(source, source == Source.HASHES ? results.size() : 1);
        for (MatchResult r : results) {
            for (MatchHit h : r.hits()) {
                if (h.isMatch()) {
                    hit(h.list());
                }
            }
        }
    }

    /** Records the match of one video ({@code hits}, its hits): counts the video, and the hits that count per list. */
    public void matchedVideo(List<VideoHit> hits) {
        count(Source.VIDEO, 1);
        for (VideoHit h : hits) {
            if (h.isMatch()) {
                hit(h.list());
            }
        }
    }

    private void count(Source source, int queries) {
        // the constructor registers a counter per source and per decode error
        Objects.requireNonNull(this.queries.get(source)).increment(queries);
    }

    private void hit(String list) {
        hits.computeIfAbsent(list, name -> Counter.builder(HITS)
                        .description("Hits that count as matches, per list")
                        .tag("list", name)
                        .register(registry))
                .increment();
    }

    /** Records an uploaded image that could not be hashed. */
    public void decodeFailed(DecodeError error) {
        Objects.requireNonNull(decodeErrors.get(error)).increment();
    }

    /**
     * Records an uploaded video that could not be hashed, by its error code: a {@link VideoDecodeError#code()} or
     * {@code internal_error} (counters of other codes are made on first use).
     */
    public void videoDecodeFailed(String code) {
        videoDecodeErrors
                .computeIfAbsent(code, c -> decodeErrors(Source.VIDEO, c))
                .increment();
    }
}
