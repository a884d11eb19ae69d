package io.hashmatch.service.http;

import io.hashmatch.decode.DecodeError;
import io.hashmatch.decode.DecodeLimits;
import io.hashmatch.decode.ImageFormat;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.VideoHit;
import io.hashmatch.scan.MediaHasher;
import io.hashmatch.scan.MediaHashes;
import io.hashmatch.scan.MediaKind;
import io.hashmatch.service.json.JsonOutput;
import io.hashmatch.service.json.MatchJson;
import io.hashmatch.service.ops.MatchObserver;
import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.hashmatch.video.VideoDecodeError;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VideoMatcher;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/match/video}: a video as the raw body or the multipart part {@code file}, hashed in memory with
 * vPDQ by the engine's one path from bytes to hashes, {@link MediaHasher} (the video detector and hasher of
 * {@code hash} and {@code scan}; one frame hash per second; never written to a file) and matched against the video
 * entries of the served lists with the reference matcher's rules ({@link VideoMatcher}) by the lists' {@link Matcher}
 * ({@link Matcher#matchVideo}: one hit per entry, suppression lists and entries as for images), through the match
 * routes' one path, {@link ListMatching} (the lease, the caller's search, the request's {@link MatchSummary} for the
 * audit log and the {@link MatchObserver} counts; the request limits' {@code too_many_hits} and
 * {@code search_too_wide}, as for images). Answer:
 *
 * <pre>{@code
 * {"video":{"frames":12,"framesPerSecond":25.0,"decodedFrames":300,"width":320,"height":240},
 *  "lists":[{"name":"demo","version":"1","checksum":"<8 hex>","videos":2}],
 *  "hits":[{"list":"demo","entry":7,"category":"POSITIVE_CLASS","queryMatchedPercent":"100.00",
 *           "comparedMatchedPercent":"95.83"}],
 *  "matched":true}
 * }</pre>
 * The hits are {@link MatchJson} video hits ({@code category}, {@code source} omitted when absent;
 * {@code suppressing}/{@code suppressed} as in match records); {@code matched} is true when a hit counts (neither
 * suppressing nor suppressed). Query parameters: {@code maxDistance} (frame distance, strictly below counts as matched
 * as in the reference: default 31; at most the caller's cap on each list searched, as a PDQ distance:
 * {@link SearchPolicy}), {@code lists} (comma-separated names), {@code queryPercent} and {@code comparedPercent} (hit
 * thresholds, default 80). Errors: 400 {@code empty_file}, 413 {@code file_too_large}, 415
 * {@code unsupported_format} (also for an image, and for bytes in a container the video detector does not know,
 * whatever FFmpeg might make of them: the {@link #CONTAINERS}), 422 for the other {@link VideoDecodeError}s (incl.
 * {@code time_limit}: each upload gets {@link #TIME_LIMIT} of decoding), each also counted in
 * {@code hashmatch_decode_errors_total{source="video"}}; 422 {@code too_many_hits} / {@code search_too_wide} over the
 * request limits ({@link SearchPolicy}).
 *
 * <p>Stateless apart from the {@link MediaHasher}'s video hasher per executor thread; thread-safe.
 */
@Controller("/v1")
final class VideoController {
    /** Decoding time one upload may take. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    /** The containers {@link io.hashmatch.video.VideoSniffer} recognises, as error messages name them. */
    static final String CONTAINERS = "MP4/MOV/3GP, Matroska/WebM, AVI, FLV, MPEG-TS, MPEG-PS, ASF/WMV, Ogg";

    private final ListMatching matching;
    private final MatchObserver observer;
    private final MediaHasher hasher;

    VideoController(
            ListMatching matching,
            MatchObserver observer,
            RequestLimits requestLimits,
            HttpServerConfiguration server) {
        this.matching = matching;
        this.observer = observer;
        long maxBytes = Math.min(server.getMaxRequestSize(), Integer.MAX_VALUE - 8);
        this.hasher = new MediaHasher(
                FileHasher.newBuilder()
                        .limits(new DecodeLimits(requestLimits.maxPixels(), maxBytes))
                        .build(),
                true,
                VideoHasher.DEFAULT_SECONDS_PER_HASH,
                new VideoLimits(
                        server.getMaxRequestSize(),
                        requestLimits.maxPixels(),
                        VideoLimits.DEFAULT.maxDurationSeconds(),
                        VideoLimits.DEFAULT.maxFrames(),
                        TIME_LIMIT));
    }

    @ExecuteOn(ImageHashing.EXECUTOR)
    @Post(
            uri = "/match/video",
            consumes = {
                MediaType.APPLICATION_OCTET_STREAM,
                "video/mp4",
                "video/webm",
                "video/x-matroska",
                "video/quicktime",
                "video/x-msvideo",
                "video/mpeg"
            },
            produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> matchVideo(
            HttpRequest<?> http,
            @Body byte[] video,
            @QueryValue @Nullable Integer maxDistance,
            @QueryValue @Nullable String lists,
            @QueryValue @Nullable Double queryPercent,
            @QueryValue @Nullable Double comparedPercent) {
        return match(http, video, maxDistance, lists, queryPercent, comparedPercent);
    }

    @ExecuteOn(ImageHashing.EXECUTOR)
    @Post(uri = "/match/video", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> matchVideoMultipart(
            HttpRequest<?> http,
            @Part("file") CompletedFileUpload file,
            @QueryValue @Nullable Integer maxDistance,
            @QueryValue @Nullable String lists,
            @QueryValue @Nullable Double queryPercent,
            @QueryValue @Nullable Double comparedPercent)
            throws IOException {
        return match(http, file.getBytes(), maxDistance, lists, queryPercent, comparedPercent);
    }

    private HttpResponse<String> match(
            HttpRequest<?> http,
            byte[] video,
            @Nullable Integer maxDistance,
            @Nullable String lists,
            @Nullable Double queryPercent,
            @Nullable Double comparedPercent) {
        VideoMatcher rules = rules(maxDistance, queryPercent, comparedPercent);
        VideoHash hash = hash(video);
        // the frame distance is held to the caller's caps on the lists as a PDQ distance is
        try (ListMatching.LeasedSearch search = matching.open(http, maxDistance, MatchController.splitNames(lists))) {
            List<VideoHit> hits = search.matchVideo(hash.frames(), rules);
            return MatchAnswers.json(JsonOutput.write(512 + 160 * hits.size(), g -> {
                g.writeStartObject();
                g.writeObjectFieldStart("video");
                g.writeNumberField("frames", hash.frames().size());
                g.writeNumberField("framesPerSecond", hash.framesPerSecond());
                g.writeNumberField("decodedFrames", hash.decodedFrames());
                g.writeNumberField("width", hash.width());
                g.writeNumberField("height", hash.height());
                g.writeEndObject();
                search.writeVideoLists(g);
                g.writeArrayFieldStart("hits");
                for (VideoHit h : hits) {
                    MatchJson.writeVideoHit(g, h);
                }
                g.writeEndArray();
                g.writeBooleanField("matched", hits.stream().anyMatch(VideoHit::isMatch));
                g.writeEndObject();
            }));
        }
    }

    private static VideoMatcher rules(
            @Nullable Integer maxDistance, @Nullable Double queryPercent, @Nullable Double comparedPercent) {
        if (maxDistance != null && (maxDistance < 0 || maxDistance > SearchPolicy.ADMIN_MAX_DISTANCE)) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_max_distance",
                    "maxDistance must be 0.." + SearchPolicy.ADMIN_MAX_DISTANCE + ": " + maxDistance);
        }
        int distance = maxDistance == null ? VideoMatcher.DEFAULT_DISTANCE : maxDistance;
        double query = queryPercent == null ? VideoMatcher.DEFAULT_PERCENT : queryPercent;
        double compared = comparedPercent == null ? VideoMatcher.DEFAULT_PERCENT : comparedPercent;
        if (!(query >= 0 && query <= 100) || !(compared >= 0 && compared <= 100)) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_percent",
                    String.format(
                            Locale.ROOT, "queryPercent and comparedPercent must be 0..100: %s, %s", query, compared));
        }
        return new VideoMatcher(distance, VideoMatcher.DEFAULT_QUALITY, query, compared);
    }

    /**
     * The upload's vPDQ by the engine's one path from bytes to hashes ({@link MediaHasher}: the video detector of
     * {@code hash} and {@code scan}, then the video hasher).
     *
     * @throws ApiException 415 {@code unsupported_format} for an image or bytes in no container the detector knows,
     *     else the status of the typed error ({@link #status}); each counted by the {@link MatchObserver}
     */
    private VideoHash hash(byte[] video) {
        MediaHashes h = hasher.hash(video);
        MediaHashes.Video v = h.video();
        if (v == null) {
            DecodeError error = h.file().error();
            if (error == DecodeError.EMPTY_FILE || error == DecodeError.FILE_TOO_LARGE) {
                VideoDecodeError e = VideoDecodeError.valueOf(error.name());
                throw failed(status(e), e.code(), orCode(h.file().errorMessage(), e.code()));
            }
            ImageFormat image = h.file().format();
            throw failed(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    VideoDecodeError.UNSUPPORTED_FORMAT.code(),
                    h.kind() == MediaKind.IMAGE
                            ? "an image" + (image == null ? "" : " (" + image.label() + ")")
                                    + ", not a video: match it with POST /v1/match/image"
                            : "not a video container hashmatch recognises (" + CONTAINERS + ")");
        }
        VideoHash hash = v.hash();
        if (hash != null) {
            return hash;
        }
        String code = Objects.requireNonNull(v.errorCode());
        HttpStatus status = Arrays.stream(VideoDecodeError.values())
                .filter(e -> e.code().equals(code))
                .findFirst()
                .map(VideoController::status)
                .orElse(HttpStatus.INTERNAL_SERVER_ERROR); // io_error, internal_error: the server's fault
        throw failed(status, code, orCode(v.errorMessage(), code));
    }

    /** The error of an upload that could not be hashed, counted ({@link MatchObserver#videoDecodeFailed}). */
    private ApiException failed(HttpStatus status, String code, String message) {
        observer.videoDecodeFailed(code);
        return new ApiException(status, code, message);
    }

    private static String orCode(@Nullable String message, String code) {
        return message == null || message.isEmpty() ? code : message;
    }

    static HttpStatus status(VideoDecodeError error) {
        return switch (error) {
            case EMPTY_FILE -> HttpStatus.BAD_REQUEST;
            case FILE_TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
            case UNSUPPORTED_FORMAT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case NO_VIDEO_STREAM, CORRUPT_DATA, DIMENSIONS_TOO_LARGE, TOO_LONG, TIME_LIMIT ->
                HttpStatus.UNPROCESSABLE_ENTITY;
            case IO_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
