package io.hashmatch.service.exchange;

import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.format.ListEntry;
import io.hashmatch.list.format.ListFormatException;
import io.hashmatch.list.format.ListImport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A list file at a plain URL, in any format {@code hashmatch list import} reads (detected from its content): fetched
 * with {@code If-None-Match} / {@code If-Modified-Since} from the last answer's {@code ETag} / {@code Last-Modified},
 * so an unchanged file costs a 304; a file whose SHA-256 is the last one's changes nothing either. A changed file is
 * the whole list ({@link ExchangePage#complete()}): its entries with a PDQ hash or an MD5 digest are added, entries
 * it no longer has are removed. An entry's id is its hashes ({@code pdq:<hex>,md5:<hex>}), with {@code #2},
 * {@code #3}... for repeats. A file that does not read as a list is refused whole (nothing changes).
 *
 * <p>Checkpoint {@code {"etag": ..., "last_modified": ..., "sha256": ...}}. Optional credentials are sent as a bearer
 * token.
 *
 * <p>Thread-safe.
 */
final class UrlListClient implements ExchangeClient {
    private final URI url;
    private final @Nullable String token;
    private final ExchangeHttp http;
    private final Path tempDir;

    UrlListClient(URI url, @Nullable String token, ExchangeHttp http, Path tempDir) {
        this.url = url;
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = http;
        this.tempDir = tempDir;
    }

    @Override
    public Fetch fetch(@Nullable String checkpoint) throws ExchangeException {
        Map<String, @Nullable Object> cp = checkpoint == null ? Map.of() : Checkpoints.read(checkpoint);
        return new Fetch() {
            private boolean done;

            @Override
            public @Nullable ExchangePage next() throws ExchangeException, IOException {
                if (done) {
                    return null;
                }
                done = true;
                Map<String, String> headers = new LinkedHashMap<>();
                if (token != null) {
                    headers.put("Authorization", "Bearer " + token);
                }
                String etag = Checkpoints.stringField(cp, "etag");
                String modified = Checkpoints.stringField(cp, "last_modified");
                if (etag != null) {
                    headers.put("If-None-Match", etag);
                }
                if (modified != null) {
                    headers.put("If-Modified-Since", modified);
                }
                ExchangeHttp.Answer a = http.get(url, headers);
                if (a.status() == 304) {
                    return null;
                }
                String sha256 = sha256(a.body());
                Map<String, Object> next = new LinkedHashMap<>();
                a.headers().firstValue("ETag").ifPresent(v -> next.put("etag", v));
                a.headers().firstValue("Last-Modified").ifPresent(v -> next.put("last_modified", v));
                next.put("sha256", sha256);
                String nextCheckpoint = Checkpoints.write(next);
                if (sha256.equals(Checkpoints.stringField(cp, "sha256"))) {
                    return ExchangePage.of(List.of(), nextCheckpoint, 0);
                }
                return new ExchangePage(read(a.body()), nextCheckpoint, 0, true);
            }
        };
    }

    private List<ExchangeEntry> read(byte[] body) throws ExchangeException, IOException {
        Path file = Files.createTempFile(Files.createDirectories(tempDir), "exchange-", fileName());
        try {
            Files.write(file, body);
            List<ExchangeEntry> entries = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            ListImport.readInto(List.of(ListImport.Source.of(file)), e -> {
                ExchangeEntry x = entry(e, seen);
                if (x != null) {
                    entries.add(x);
                }
            });
            return entries;
        } catch (ListFormatException e) {
            throw new ExchangeException(
                    ExchangeException.Kind.PROTOCOL, url + " is not a list hashmatch reads: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A temporary file name ending like the URL's, so that a format told by its extension is still told. */
    private String fileName() {
        String path = url.getPath();
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return last.replaceAll("[^A-Za-z0-9._-]", "_").isEmpty()
                ? ".list"
                : "-" + last.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static @Nullable ExchangeEntry entry(ListEntry e, Map<String, Integer> seen) {
        String pdqHex = e.hash(HashKind.PDQ);
        String md5 = e.hash(HashKind.MD5);
        if (pdqHex == null && md5 == null) {
            return null;
        }
        String id = (pdqHex == null ? "" : "pdq:" + pdqHex)
                + (pdqHex != null && md5 != null ? "," : "")
                + (md5 == null ? "" : "md5:" + md5);
        int n = seen.merge(id, 1, Integer::sum);
        if (n > 1) {
            id = id + "#" + n;
        }
        PdqHash pdq = pdqHex == null ? null : PdqHash.fromHex(pdqHex);
        return new ExchangeEntry(id, pdq, md5, false, e.category(), e.dateAdded(), e.dateAdded());
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
