package io.hashmatch.service.intake;

import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListCompaction;
import io.hashmatch.list.ListDelta;
import io.hashmatch.list.ListImporter;
import io.hashmatch.list.format.ListFormat;
import io.hashmatch.list.format.ListWriter;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Query;
import io.hashmatch.match.VideoHit;
import io.hashmatch.service.http.ApiException;
import io.hashmatch.service.http.ListMatching;
import io.hashmatch.service.http.RequestSubject;
import io.hashmatch.service.lists.ImportOptionNames;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.lists.UnknownListException;
import io.hashmatch.service.ops.MatchObserver;
import io.hashmatch.service.security.ApiKey;
import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.hashmatch.video.VideoMatcher;
import io.hashmatch.video.VpdqFrame;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The hotline's routes over the reports ({@link Role#HOTLINE}); every call is written to the audit log with the key's
 * id and the route (the audit filter), and every call on one report also with its case number
 * ({@link RequestSubject}: {@code report 12}; never its receipt code). Each action (confirm, forward, dismiss) is also kept in
 * the report's history with the acting key's id. The reporters' client addresses are never known here.
 *
 * <ul>
 *   <li>{@code GET /v1/hotline/reports?status=received|confirmed|forwarded|dismissed|all} → {@link Queue}: the reports
 *       (newest first for {@code all}, else oldest first), each with its hashes and, per hash, the served lists it
 *       already matches (by the match routes' path, {@link ListMatching}, within the request limits: 422
 *       {@code too_many_hits} or {@code search_too_wide} over them, as every route that shows a report);</li>
 *   <li>{@code POST /v1/hotline/reports/{id}/confirm} → the report: each of its files becomes an entry of the
 *       hotline's list ({@code hashmatch.intake.hotline-list}) with every hash the report carries for it (PDQ, MD5,
 *       SHA-256, a video's vPDQ frames), which {@code /v1/match/hashes}, {@code /v1/match/video}, the HMA routes and
 *       the list exports serve at once. The list is the confirmed reports: each confirmation writes it anew from them
 *       (a report confirmed twice is in it once), in the order of their first confirmation, so entry numbers stay
 *       what they were. The list must be configured {@code hashmatch.list-access.<list>.live-changes: false} (the
 *       configuration shipped does so for {@code HOTLINE}), so that it refuses entries added by other routes (409),
 *       which the next confirmation would drop; a confirmation into a list without that setting is refused (409
 *       {@code hotline_list_unavailable});</li>
 *   <li>{@code POST /v1/hotline/reports/{id}/forward} → the case bundle for the police (the report as JSON); its
 *       printable page is {@code GET /v1/hotline/reports/{id}/bundle.html};</li>
 *   <li>{@code POST /v1/hotline/reports/{id}/dismiss {"reason":"..."}} → the report;</li>
 *   <li>{@code GET /v1/hotline/list?format=vics|csv|jsonl|ncmec|icse|checksums|hex[&kind=md5]} → the hotline list as
 *       it is served now (every confirmed report's hashes, changes made since its last compaction included), written
 *       by the list exports ({@link ListImporter#export}: VICS 2.0 JSON, CSV, hash JSON Lines, NCMEC hash-list XML,
 *       INTERPOL ICSE CSV, checksum lines, hex lines of the one {@code kind}), or 404 {@code no_hotline_list} before
 *       the first confirmation. NCMEC XML carries the hotline's NCMEC member id
 *       ({@code hashmatch.intake.hotline-ncmec-member-id}) as each entry's {@code <member id>} when it is set.</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
@Controller("/v1/hotline")
@ExecuteOn(TaskExecutors.BLOCKING)
final class HotlineController {
    private static final int QUEUE_LIMIT = 200;
    private static final int MAX_REASON = 1000;

    private final Reports reports;
    private final ListRegistry registry;
    private final ListMatching matching;
    private final JsonMapper json;
    private final String hotlineList;
    /** The hotline's own NCMEC member id, written on the NCMEC XML export's entries, or null (no member written). */
    private final @Nullable Long ncmecMember;
    /** Held while a confirmation writes the hotline list, so that two at once do not lose one another's files. */
    private final Object confirming = new Object();

    HotlineController(
            Reports reports,
            ListRegistry registry,
            ListMatching matching,
            JsonMapper json,
            @Value("${hashmatch.intake.hotline-list:HOTLINE}") String hotlineList,
            @Property(name = "hashmatch.intake.hotline-ncmec-member-id") @Nullable Long ncmecMember) {
        this.reports = reports;
        this.registry = registry;
        this.matching = matching;
        this.json = json;
        this.hotlineList = hotlineList;
        if (ncmecMember != null && ncmecMember <= 0) {
            throw new IllegalArgumentException(
                    "hashmatch.intake.hotline-ncmec-member-id: an NCMEC member id is a positive number: "
                            + ncmecMember);
        }
        this.ncmecMember = ncmecMember;
    }

    /** @param reports the reports asked for */
    @Serdeable
    record Queue(List<CaseView> reports) {}

    /**
     * One report as the hotline sees it (and as the case bundle carries it).
     *
     * @param id the case number
     * @param lang the reporter's language
     * @param categories the chosen category ids
     * @param seenWhere what the reporter wrote about where they saw the images (plain text)
     * @param contact the reporter's contact, if they gave one (plain text)
     * @param status received, confirmed, forwarded or dismissed
     * @param statusReason the reason of a dismissal
     * @param receivedAt when it was stored
     * @param updatedAt when its status last changed
     * @param items its hashes
     * @param history the hotline's actions on it, oldest first
     */
    @Serdeable
    record CaseView(
            long id,
            String lang,
            List<String> categories,
            String seenWhere,
            String contact,
            String status,
            String statusReason,
            String receivedAt,
            String updatedAt,
            List<ItemView> items,
            List<EventView> history) {}

    /**
     * One hotline action on a report.
     *
     * @param action the status it set: confirmed, forwarded or dismissed
     * @param key the id of the key that acted
     * @param reason the reason given (a dismissal's), may be empty
     * @param at when
     */
    @Serdeable
    record EventView(String action, String key, String reason, String at) {}

    /**
     * One file's hashes.
     *
     * @param kind image, video or file
     * @param md5 MD5
     * @param sha256 SHA-256
     * @param pdq PDQ, images only
     * @param quality PDQ quality
     * @param vpdq a video's vPDQ frames as the reporter's browser computed them, in frame order (empty when none)
     * @param matches the served lists it already matches (images and files at the lists' default distances, a video's
     *     frames by the video matcher's default rules)
     */
    @Serdeable
    record ItemView(
            String kind,
            String md5,
            String sha256,
            @Nullable String pdq,
            @Nullable Integer quality,
            List<FrameView> vpdq,
            List<String> matches) {}

    /**
     * One sampled frame of a video.
     *
     * @param frame its index in the video (decoding order, from 0)
     * @param timestamp its time in seconds
     * @param pdq its PDQ hash
     * @param quality its PDQ quality
     */
    @Serdeable
    record FrameView(int frame, float timestamp, String pdq, int quality) {}

    @Get(uri = "/reports", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.HOTLINE)
    Queue queue(HttpRequest<?> request, @QueryValue(defaultValue = "received") String status) {
        List<Report> found;
        if (status.equals("all")) {
            found = reports.latest(QUEUE_LIMIT);
        } else {
            found = reports.inStatus(statusOf(status), QUEUE_LIMIT);
        }
        List<CaseView> views = new ArrayList<>();
        for (Report r : found) {
            views.add(view(request, r));
        }
        return new Queue(views);
    }

    @Post(uri = "/reports/{id}/confirm", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.HOTLINE)
    CaseView confirm(HttpRequest<?> request, @PathVariable long id) {
        Report r = report(request, id);
        synchronized (confirming) {
            if (registry.changesLive(hotlineList)) {
                throw new ApiException(
                        HttpStatus.CONFLICT,
                        "hotline_list_unavailable",
                        "list " + hotlineList + " takes live changes, which a confirmation would drop: configure"
                                + " hashmatch.list-access." + hotlineList + ".live-changes: false");
            }
            List<Reports.ConfirmedItem> items = reports.confirmedItems(id);
            try {
                registry.write(hotlineList, w -> {
                    for (Reports.ConfirmedItem c : items) {
                        ReportItem item = c.item();
                        int entry = w.addEntry();
                        String pdq = item.pdq();
                        if (pdq != null) {
                            w.addPdq(entry, PdqHash.fromHex(pdq));
                        }
                        w.addMd5(entry, item.md5());
                        w.addSha256(entry, item.sha256());
                        if (!c.frames().isEmpty()) {
                            w.addVideo(entry, c.frames());
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot add report " + id + " to list " + hotlineList, e);
            } catch (IllegalStateException e) {
                throw new ApiException(
                        HttpStatus.CONFLICT, "hotline_list_unavailable", "list " + hotlineList + ": " + e.getMessage());
            }
            reports.act(id, ReportStatus.CONFIRMED, r.statusReason(), keyId(request));
        }
        return view(request, report(id));
    }

    @Post(uri = "/reports/{id}/forward", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.HOTLINE)
    CaseView forward(HttpRequest<?> request, @PathVariable long id) {
        Report r = report(request, id);
        reports.act(id, ReportStatus.FORWARDED, r.statusReason(), keyId(request));
        return view(request, report(id));
    }

    @Get(uri = "/reports/{id}/bundle.html", produces = MediaType.TEXT_HTML)
    @RequiredRole(Role.HOTLINE)
    HttpResponse<String> bundle(HttpRequest<?> request, @PathVariable long id) {
        CaseView c = view(request, report(request, id));
        StringBuilder b = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Case ")
                .append(c.id())
                .append("</title></head><body><h1>Case ")
                .append(c.id())
                .append("</h1><dl>");
        row(b, "Received", c.receivedAt());
        row(b, "Status", c.status() + " (" + c.updatedAt() + ")");
        row(b, "Categories", String.join(", ", c.categories()));
        row(b, "Where seen", c.seenWhere());
        row(b, "Contact", c.contact());
        row(b, "Bundle made", Instant.now().toString());
        b.append(
                "</dl><table><tr><th>#</th><th>kind</th><th>MD5</th><th>SHA-256</th><th>PDQ</th><th>quality</th></tr>");
        int n = 0;
        for (ItemView i : c.items()) {
            b.append("<tr><td>").append(++n).append("</td><td>").append(Html.escape(i.kind()));
            b.append("</td><td>")
                    .append(Html.escape(i.md5()))
                    .append("</td><td>")
                    .append(Html.escape(i.sha256()));
            b.append("</td><td>").append(Html.escape(String.valueOf(i.pdq())));
            b.append("</td><td>").append(i.quality() == null ? "" : i.quality()).append("</td></tr>");
        }
        b.append("</table>");
        n = 0;
        for (ItemView i : c.items()) {
            n++;
            if (i.vpdq().isEmpty()) {
                continue;
            }
            b.append("<h2>vPDQ of file ")
                    .append(n)
                    .append(" (")
                    .append(i.vpdq().size())
                    .append(" frames)</h2>");
            b.append("<table><tr><th>frame</th><th>seconds</th><th>PDQ</th><th>quality</th></tr>");
            for (FrameView f : i.vpdq()) {
                b.append("<tr><td>").append(f.frame()).append("</td><td>").append(f.timestamp());
                b.append("</td><td>")
                        .append(Html.escape(f.pdq()))
                        .append("</td><td>")
                        .append(f.quality());
                b.append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("<h2>History</h2><table><tr><th>when</th><th>action</th><th>key</th><th>reason</th></tr>");
        for (EventView e : c.history()) {
            b.append("<tr><td>").append(Html.escape(e.at())).append("</td><td>").append(Html.escape(e.action()));
            b.append("</td><td>")
                    .append(Html.escape(e.key()))
                    .append("</td><td>")
                    .append(Html.escape(e.reason()));
            b.append("</td></tr>");
        }
        b.append("</table></body></html>");
        return HttpResponse.ok(b.toString())
                .contentType(MediaType.TEXT_HTML + ";charset=utf-8")
                .header("Content-Security-Policy", "default-src 'none'");
    }

    @Get(uri = "/list")
    @RequiredRole(Role.HOTLINE)
    HttpResponse<byte[]> export(@QueryValue(defaultValue = "vics") String format, @QueryValue @Nullable String kind)
            throws IOException {
        ListFormat f;
        @Nullable HashKind k;
        try {
            f = ImportOptionNames.exportFormat(format);
            k = kind == null || kind.isEmpty() ? null : ImportOptionNames.kind(kind);
            ListWriter.open(OutputStream.nullOutputStream(), f, k).close(); // the writer checks the pair first
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_format", String.valueOf(e.getMessage()));
        }
        @Nullable Long member = f == ListFormat.NCMEC_XML ? ncmecMember : null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ListLease lease = registry.acquire()) {
            if (lease.list(hotlineList) == null) {
                throw new ApiException(
                        HttpStatus.NOT_FOUND, "no_hotline_list", "no report has been confirmed into " + hotlineList);
            }
            HashListSnapshot base = lease.snapshots(List.of(hotlineList)).get(hotlineList);
            ListDelta.View changes = lease.changes(hotlineList);
            if (base == null || changes == null || changes.added() + changes.removals() == 0) {
                ListImporter.export(Objects.requireNonNull(base, hotlineList), null, f, k, member, out);
            } else {
                // the confirmations since the last compaction live in the list's delta: fold them into a private copy
                Path dir = Files.createTempDirectory("hotline-export");
                Path copy = dir.resolve(hotlineList + ".hmsnap");
                try {
                    ListCompaction.compact(base, changes, copy, base.version());
                    try (HashListSnapshot s = HashListSnapshot.open(copy)) {
                        ListImporter.export(s, null, f, k, member, out);
                    }
                } finally {
                    // the compaction also writes the copy's metadata store beside it
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(file);
                        }
                    }
                }
            }
        } catch (UnknownListException e) {
            throw new ApiException(HttpStatus.NOT_FOUND, "no_hotline_list", e.getMessage());
        }
        String type =
                switch (f) {
                    case TE_CSV, ICSE_CSV -> "text/csv;charset=utf-8";
                    case HASH_JSONL -> "application/x-ndjson;charset=utf-8";
                    case NCMEC_XML -> MediaType.APPLICATION_XML + ";charset=utf-8";
                    case CHECKSUMS, HEX -> MediaType.TEXT_PLAIN + ";charset=utf-8";
                    default -> MediaType.APPLICATION_JSON + ";charset=utf-8";
                };
        String extension =
                switch (f) {
                    case TE_CSV, ICSE_CSV -> "csv";
                    case HASH_JSONL -> "jsonl";
                    case NCMEC_XML -> "xml";
                    case CHECKSUMS, HEX -> "txt";
                    default -> "json";
                };
        return HttpResponse.ok(out.toByteArray())
                .contentType(type)
                .header("Content-Disposition", "attachment; filename=\"" + hotlineList + "." + extension + "\"");
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("<dt>")
                .append(Html.escape(name))
                .append("</dt><dd>")
                .append(Html.escape(value))
                .append("</dd>");
    }

    /** @param reason why the hotline dismisses the report */
    @Serdeable
    record Dismissal(@Nullable String reason) {}

    @Post(uri = "/reports/{id}/dismiss", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.HOTLINE)
    CaseView dismiss(HttpRequest<?> request, @PathVariable long id, @Body String body) {
        report(request, id);
        String reason;
        try {
            Dismissal d = json.readValue(body, Dismissal.class);
            reason = d.reason() == null ? "" : d.reason().strip();
        } catch (IOException | RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "the body must be {\"reason\":\"...\"}");
        }
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "invalid_reason",
                    "a dismissal needs a reason of 1.." + MAX_REASON + " characters");
        }
        reports.act(id, ReportStatus.DISMISSED, reason, keyId(request));
        return view(request, report(id));
    }

    /** The report {@code id}, which the request's audit line then names. */
    private Report report(HttpRequest<?> request, long id) {
        request.setAttribute(RequestSubject.ATTRIBUTE, new RequestSubject("report " + id));
        return report(id);
    }

    private static String keyId(HttpRequest<?> request) {
        ApiKey key = ApiKey.of(request);
        if (key == null) { // the security filter lets no request without a key reach these routes
            throw new IllegalStateException("a hotline action without a key");
        }
        return key.id();
    }

    private Report report(long id) {
        return reports.byId(id)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "unknown_report", "no report " + id));
    }

    private static ReportStatus statusOf(String s) {
        try {
            return ReportStatus.of(s);
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_status",
                    "status must be received, confirmed, forwarded, dismissed or all");
        }
    }

    /**
     * The report as the hotline sees it, its items matched against the served lists by the match routes' path
     * ({@link ListMatching}: the caller's search at each list's default distance, the request limits, the counts of
     * {@code /prometheus} and of the request's audit line), a video's frames by the video matcher's default rules.
     */
    private CaseView view(HttpRequest<?> request, Report r) {
        long id = Reports.idOf(r);
        List<ReportItem> items = reports.items(id);
        List<Query> queries = new ArrayList<>();
        for (ReportItem i : items) {
            String pdq = i.pdq();
            Integer quality = i.quality();
            queries.add(new Query(
                    "item " + i.itemNo(),
                    pdq == null ? null : PdqHash.fromHex(pdq),
                    quality == null ? Query.QUALITY_UNKNOWN : quality,
                    i.md5(),
                    null,
                    i.sha256()));
        }
        Map<Integer, List<VpdqFrame>> frames = reports.frames(id);
        List<MatchResult> results = List.of();
        Map<Integer, List<VideoHit>> videoHits = new HashMap<>();
        try (ListMatching.LeasedSearch search = matching.openIfServed(request)) {
            if (search != null) { // else no list is served: nothing matches
                results = search.match(queries, MatchObserver.Source.HASHES);
                for (Map.Entry<Integer, List<VpdqFrame>> video : frames.entrySet()) {
                    videoHits.put(video.getKey(), search.matchVideo(video.getValue(), VideoMatcher.DEFAULT));
                }
            }
        }
        List<ItemView> views = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            ReportItem i = items.get(k);
            TreeSet<String> lists = new TreeSet<>();
            if (k < results.size()) {
                for (MatchHit h : results.get(k).hits()) {
                    if (h.isMatch()) {
                        lists.add(h.list());
                    }
                }
            }
            for (VideoHit h : videoHits.getOrDefault(i.itemNo(), List.of())) {
                if (h.isMatch()) {
                    lists.add(h.list());
                }
            }
            List<FrameView> vpdq = new ArrayList<>();
            for (VpdqFrame f : frames.getOrDefault(i.itemNo(), List.of())) {
                vpdq.add(new FrameView(
                        f.frameIndex(), f.timestampSeconds(), f.hash().toHex(), f.quality()));
            }
            views.add(new ItemView(
                    i.kind(), i.md5(), i.sha256(), i.pdq(), i.quality(), List.copyOf(vpdq), List.copyOf(lists)));
        }
        List<EventView> history = new ArrayList<>();
        for (ReportEvent e : reports.history(id)) {
            history.add(new EventView(e.action(), e.keyId(), e.reason(), e.at().toString()));
        }
        return new CaseView(
                id,
                r.lang(),
                r.categories().isEmpty() ? List.of() : List.of(r.categories().split(" ")),
                r.seenWhere(),
                r.contact(),
                r.status(),
                r.statusReason(),
                r.receivedAt().toString(),
                r.updatedAt().toString(),
                views,
                history);
    }
}
