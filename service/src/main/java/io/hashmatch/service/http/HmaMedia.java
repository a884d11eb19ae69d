package io.hashmatch.service.http;

import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.service.fetch.FetchException;
import io.hashmatch.service.fetch.UrlFetcher;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.multipart.CompletedFileUpload;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The media HMA's routes take, hashed as HMA hashes them: a photo fetched from a URL ({@code hash_url_content}) or
 * the one file of a multipart upload ({@code hash_media_from_form_data}), both in HMA's
 * {@code blueprints/hashing.py} (facebook/ThreatExchange), with HMA's errors ({@link HmaException}). Shared by the
 * hashing and matching routes ({@link HmaController}) and by banking content ({@link CurationController}).
 *
 * <p>Stateless; thread-safe.
 */
@Singleton
final class HmaMedia {
    private final ImageHashing hashing;
    private final UrlFetcher fetcher;

    HmaMedia(ImageHashing hashing, UrlFetcher fetcher) {
        this.hashing = hashing;
        this.fetcher = fetcher;
    }

    /**
     * HMA's {@code hash_url_content}: fetches {@code url} ({@link UrlFetcher}: only from allowed hosts), takes its
     * content type from {@code contentType} or else the answer's Content-Type, checks {@code types}, and hashes the
     * photo.
     */
    FileHashes fromUrl(String url, @Nullable String contentType, @Nullable String types, boolean variants) {
        UrlFetcher.Fetched fetched;
        try {
            fetched = fetcher.fetch(url);
        } catch (FetchException e) {
            throw switch (e.kind()) {
                case NOT_ALLOWED, UNSAFE_ADDRESS ->
                    new HmaException(HttpStatus.BAD_REQUEST, "Invalid or unsafe URL provided");
                case TOO_LARGE -> new HmaException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Content too large");
                case REDIRECT_REFUSED, TIMEOUT, FAILED ->
                    new HmaException(HttpStatus.BAD_REQUEST, "Failed to fetch URL: " + e.getMessage());
            };
        }
        String type = contentType;
        if (type == null || type.isEmpty()) {
            String answered = fetched.contentType().toLowerCase(Locale.ROOT);
            if (answered.startsWith("image")) {
                type = "photo";
            } else if (answered.startsWith("video")) {
                type = "video";
            } else {
                throw new HmaException(
                        HttpStatus.BAD_REQUEST,
                        "unsupported url ContentType: '" + fetched.contentType() + "', if you know the expected type,"
                                + " provide it with the content_type query param");
            }
        }
        if (type.equals("video")) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "content_type video is disabled");
        }
        if (!type.equals("photo")) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "no such content_type: '" + type + "'");
        }
        if (types != null) {
            boolean any = false;
            for (String t : types.split(",", -1)) {
                String name = t.strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!name.equals(HmaController.PDQ)) {
                    throw new HmaException(
                            HttpStatus.BAD_REQUEST, "signal type '" + name + "' doesn't exist or is disabled");
                }
                any = true;
            }
            if (!any) {
                throw new HmaException(HttpStatus.BAD_REQUEST, "empty signal type selection");
            }
        }
        try {
            return hashing.hash(fetched.body(), variants);
        } catch (ApiException e) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "cannot hash the photo: " + e.getMessage());
        }
    }

    /** The hashes of the one uploaded photo, with its query-side variants when {@code variants}. */
    FileHashes fromUpload(@Nullable CompletedFileUpload photo, @Nullable CompletedFileUpload video, boolean variants)
            throws IOException {
        if (photo != null && video != null) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Only one file allowed per request");
        }
        if (video != null) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "content_type video is disabled");
        }
        if (photo == null) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Missing multipart/form-data file upload");
        }
        try {
            return hashing.hash(photo.getBytes(), variants);
        } catch (ApiException e) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "cannot hash the photo: " + e.getMessage());
        }
    }

    /** The photo's PDQ hash as HMA writes it: lowercase hex, or "" when its quality is below 50. */
    static String pdq(FileHashes h) {
        PdqResult pdq = h.pdq();
        return pdq == null || pdq.quality() < HmaController.QUALITY_THRESHOLD
                ? ""
                : pdq.hash().toHex();
    }
}
