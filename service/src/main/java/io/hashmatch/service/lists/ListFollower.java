package io.hashmatch.service.lists;

import io.hashmatch.list.HashListSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Follows one published list ({@link PublishedList}) for the {@link ListRegistry}: each {@link #poll} reads the
 * manifest (over HTTP with {@code If-None-Match}, so an unchanged manifest costs a 304; from a file, compared with
 * the bytes read last), and when it names a publication not handled yet, downloads the snapshot into a new file of
 * the work directory and verifies it before handing it over: its size and SHA-256 against the manifest, every byte
 * against its own CRC32C ({@link HashListSnapshot#open}), and its name, version label and checksum against the
 * manifest. A publication that fails verification is refused ({@link #problem()} says why until a later one is
 * served) and not fetched again until the manifest changes; a download that fails on the way (network, missing file) is tried again at the next
 * poll.
 *
 * <p>Thread-safe; polls are made one at a time by the registry (under its load lock).
 */
final class ListFollower {
    /** How long to wait for a connection or the headers of an answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Creates the file a download is written to. */
    @FunctionalInterface
    interface WorkFiles {
        Path newFile(String listName) throws IOException;
    }

    /** A verified snapshot and the manifest that named it. */
    record Fetched(PublishedList manifest, HashListSnapshot snapshot, Path file) {}

    /** What {@code /health} shows of this follower. */
    record Status(
            String source,
            @Nullable String serving,
            long polls,
            long notModified,
            @Nullable String problem) {}

    private final ListSource.Followed source;
    private final HttpClient http;
    /** The entity tag of the manifest handled last (served or refused); null until then, or after a failure. */
    private @Nullable String etag;
    /** The manifest file's bytes handled last (file sources). */
    private byte @Nullable [] handledBytes;
    /** The publication handled last, served or refused. */
    private @Nullable PublishedList handled;
    /** The publication last verified and handed over. */
    private volatile @Nullable PublishedList serving;

    /** Why the last publication handled was refused; null once a publication is served. */
    private volatile @Nullable String refusal;
    /** Why the last poll failed on the way (unreachable source, bad manifest); null once one succeeds. */
    private volatile @Nullable String failure;

    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();

    ListFollower(ListSource.Followed source, HttpClient http) {
        this.source = source;
        this.http = http;
    }

    /** A client for every follower of a registry. */
    static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Reads the manifest and, if it names a publication not handled yet, downloads and verifies its snapshot.
     *
     * @return the verified snapshot (open; the caller owns it and its file), or null if there is nothing new
     * @throws IOException if the manifest or the snapshot cannot be fetched, or the publication is refused
     *     ({@link #problem()} says why)
     */
    synchronized @Nullable Fetched poll(WorkFiles workFiles) throws IOException, InterruptedException {
        polls.incrementAndGet();
        try {
            Fetched f = fetch(workFiles);
            failure = null;
            return f;
        } catch (RefusedPublication e) {
            failure = null;
            refusal = e.getMessage();
            throw e;
        } catch (IOException e) {
            failure = e.getMessage();
            throw e;
        }
    }

    private @Nullable Fetched fetch(WorkFiles workFiles) throws IOException, InterruptedException {
        byte[] bytes;
        String newEtag = null;
        if (source.isHttp()) {
            HttpRequest.Builder get =
                    HttpRequest.newBuilder(source.manifest()).timeout(TIMEOUT).GET();
            if (etag != null) {
                get.header("If-None-Match", etag);
            }
            HttpResponse<byte[]> answer = http.send(get.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() == 304) {
                notModified.incrementAndGet();
                return null;
            }
            if (answer.statusCode() != 200) {
                throw new IOException("GET " + source + ": HTTP " + answer.statusCode());
            }
            bytes = answer.body();
            newEtag = answer.headers().firstValue("ETag").orElse(null);
        } else {
            Path file = Path.of(source.manifest());
            if (Files.size(file) > PublishedList.MAX_MANIFEST_BYTES) {
                throw new IOException(file + ": not a published list manifest (longer than "
                        + PublishedList.MAX_MANIFEST_BYTES + " bytes)");
            }
            bytes = Files.readAllBytes(file);
            if (Arrays.equals(bytes, handledBytes)) {
                notModified.incrementAndGet();
                return null;
            }
        }
        PublishedList m = PublishedList.parse(bytes, source.toString());
        PublishedList current = serving;
        if (m.equals(handled) || (current != null && current.list().equals(m.list()) && sameContent(current, m))) {
            markHandled(m, bytes, newEtag);
            return null;
        }
        Path target = workFiles.newFile(m.list());
        boolean handedOver = false;
        try {
            String why = download(m, target);
            HashListSnapshot s = null;
            if (why == null) {
                try {
                    s = HashListSnapshot.open(target);
                    why = disagreement(m, s);
                } catch (IOException e) {
                    why = "the snapshot is damaged: " + e.getMessage();
                }
            }
            if (why != null || s == null) {
                if (s != null) {
                    s.close();
                }
                throw refuse(m, bytes, newEtag, why);
            }
            markHandled(m, bytes, newEtag);
            serving = m;
            this.refusal = null;
            handedOver = true;
            return new Fetched(m, s, target);
        } finally {
            if (!handedOver) {
                Files.deleteIfExists(target);
            }
        }
    }

    /** Where the snapshot's header disagrees with the manifest, or null. */
    private static @Nullable String disagreement(PublishedList m, HashListSnapshot s) {
        if (!s.name().equals(m.list())) {
            return "the snapshot holds list '" + s.name() + "', the manifest says '" + m.list() + "'";
        }
        if (!s.checksum().equals(m.checksum())) {
            return "the snapshot's checksum is " + s.checksum() + ", the manifest says " + m.checksum();
        }
        if (!s.version().equals(m.version())) {
            return "the snapshot is version " + s.version() + ", the manifest says " + m.version();
        }
        return null;
    }

    private static boolean sameContent(PublishedList a, PublishedList b) {
        return a.sha256().equals(b.sha256())
                && a.version().equals(b.version())
                && a.checksum().equals(b.checksum());
    }

    /**
     * Copies the manifest's snapshot to {@code target}, checking its size and SHA-256 on the way.
     *
     * @return why the copy does not match the manifest, or null
     */
    private @Nullable String download(PublishedList m, Path target) throws IOException, InterruptedException {
        long size;
        String sha256;
        try (InputStream in = openSnapshot(m);
                OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            DigestInputStream digest = new DigestInputStream(in, PublishedList.newSha256());
            // one byte more than announced is enough to know the file is too long
            size = copy(digest, out, m.size() + 1);
            sha256 = HexFormat.of().formatHex(digest.getMessageDigest().digest());
        }
        if (size != m.size()) {
            return "the snapshot has " + (size > m.size() ? "more than " + m.size() : size)
                    + " bytes, the manifest says " + m.size();
        }
        if (!sha256.equals(m.sha256())) {
            return "the snapshot's SHA-256 is " + sha256 + ", the manifest says " + m.sha256();
        }
        return null;
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) > 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private InputStream openSnapshot(PublishedList m) throws IOException, InterruptedException {
        URI uri = source.manifest().resolve(m.snapshot());
        if (!source.isHttp()) {
            return Files.newInputStream(Path.of(uri));
        }
        HttpResponse<InputStream> answer = http.send(
                HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (answer.statusCode() != 200) {
            answer.body().close();
            throw new IOException("GET " + uri + ": HTTP " + answer.statusCode());
        }
        return answer.body();
    }

    private RefusedPublication refuse(PublishedList m, byte[] bytes, @Nullable String newEtag, @Nullable String why) {
        markHandled(m, bytes, newEtag);
        return new RefusedPublication(
                "publication of list " + m.list() + " version " + m.version() + " refused: " + why);
    }

    /** A publication that does not match its manifest: not fetched again until the manifest changes. */
    static final class RefusedPublication extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedPublication(String message) {
            super(message);
        }
    }

    private void markHandled(PublishedList m, byte[] bytes, @Nullable String newEtag) {
        handled = m;
        handledBytes = bytes;
        etag = newEtag;
    }

    /**
     * What is wrong: why the last poll failed (an unreachable source, a bad manifest), else why the newest
     * publication was refused (until a later one is served); null if nothing.
     */
    @Nullable
    String problem() {
        String f = failure;
        return f != null ? f : refusal;
    }

    ListSource.Followed source() {
        return source;
    }

    Status status() {
        PublishedList s = serving;
        return new Status(
                source.toString(),
                s == null ? null : s.version() + " (" + s.checksum() + ")",
                polls.get(),
                notModified.get(),
                problem());
    }
}
