package io.hashmatch.service.intake;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.service.http.ApiException;
import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.hashmatch.video.VpdqFrame;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The public routes of the hotline intake, open to everyone (no key):
 *
 * <ul>
 *   <li>{@code GET /report} → the report page, {@code report/index.html} of the jar (its other files are static
 *       resources under {@code /report/}); {@code GET /report/status} → the status page;</li>
 *   <li>{@code GET /v1/report/form} → {@link Form}: the hotline's categories with their labels, and the caps;</li>
 *   <li>{@code GET /v1/report/challenge} → {@link Challenges.Challenge}: a proof-of-work challenge, which a
 *       submission must carry solved;</li>
 *   <li>{@code POST /v1/report} {@link SubmissionRequest} → {@link Receipt}: stores the report and answers once it is
 *       committed; a retried submission (same {@code submission} id) gets the same receipt. A video may carry its
 *       vPDQ frames ({@link FrameRequest}), up to {@link IntakeConfiguration#maxFrames()} in the whole report (more:
 *       413 {@code too_many_frames}); a field out of its rules: 422 {@code invalid_report}; a body that is not the
 *       expected JSON: 400 {@code invalid_json}; over {@link IntakeConfiguration#maxBody()}: 413
 *       {@code body_too_large};</li>
 *   <li>{@code POST /v1/report/status {"receipt":"..."}} → {@link StatusAnswer}, or 404 {@code unknown_receipt}. A
 *       POST, so the code never appears in a URL or a log.</li>
 * </ul>
 * Nothing about the client (address, browser) is stored; {@link IntakeGuard} counts requests per client under a
 * keyed hash of its address, in memory only.
 *
 * <p>Stateless; thread-safe.
 */
@Controller
final class IntakeController {
    static final String PAGE = "/report/index.html";
    static final String STATUS_PAGE = "/report/status.html";

    private static final Pattern SUBMISSION = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LANG = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    private static final List<String> KINDS = List.of("image", "video", "file");
    /** Most characters of a receipt code as typed: 16 characters, dashes and spaces between. */
    static final int MAX_RECEIPT = 64;

    private final Reports reports;
    private final IntakeConfiguration config;
    private final Challenges challenges;
    private final JsonMapper json;
    private final byte[] page;
    private final byte[] statusPage;

    IntakeController(Reports reports, IntakeConfiguration config, Challenges challenges, JsonMapper json) {
        this.reports = reports;
        this.config = config;
        this.challenges = challenges;
        this.json = json;
        this.page = resource(PAGE);
        this.statusPage = resource(STATUS_PAGE);
    }

    private static byte[] resource(String path) {
        try (InputStream in = IntakeController.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from the jar", e);
        }
    }

    @Get(uri = "/report", produces = MediaType.TEXT_HTML)
    @RequiredRole(Role.NONE)
    HttpResponse<byte[]> page() {
        return HttpResponse.ok(page).contentType(MediaType.TEXT_HTML + ";charset=utf-8");
    }

    @Get(uri = "/report/status", produces = MediaType.TEXT_HTML)
    @RequiredRole(Role.NONE)
    HttpResponse<byte[]> statusPage() {
        return HttpResponse.ok(statusPage).contentType(MediaType.TEXT_HTML + ";charset=utf-8");
    }

    /**
     * What the page offers.
     *
     * @param categories the hotline's categories, in order
     * @param maxItems most files in one report
     * @param maxSeenWhere most characters of "where seen"
     * @param maxContact most characters of the contact
     * @param maxFrames most vPDQ frames of the report's videos together
     */
    @Serdeable
    record Form(List<Category> categories, int maxItems, int maxSeenWhere, int maxContact, int maxFrames) {}

    /**
     * @param id the category's id, sent back in a submission
     * @param labels its label per language
     */
    @Serdeable
    record Category(String id, Map<String, String> labels) {}

    @Get(uri = "/v1/report/form", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.NONE)
    Form form() {
        List<Category> categories = new ArrayList<>();
        config.categoryLabels().forEach((id, labels) -> categories.add(new Category(id, labels)));
        return new Form(categories, config.maxItems(), config.maxSeenWhere(), config.maxContact(), config.maxFrames());
    }

    @Get(uri = "/v1/report/challenge", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.NONE)
    HttpResponse<Challenges.Challenge> challenge() {
        return HttpResponse.ok(challenges.issue()).header("Cache-Control", "no-store");
    }

    /**
     * A submission as sent (every field checked by {@link #check}); {@code challenge} and {@code solution} are the
     * proof of work ({@link Challenges}).
     */
    @Serdeable
    record SubmissionRequest(
            @Nullable String submission,
            @Nullable String challenge,
            @Nullable String solution,
            @Nullable String lang,
            @Nullable List<ItemRequest> items,
            @Nullable List<String> categories,
            @Nullable String seenWhere,
            @Nullable String contact) {}

    /** One file's hashes as sent; {@code vpdq} a video's frames, as hash.mjs's {@code hashVideo} gives them. */
    @Serdeable
    record ItemRequest(
            @Nullable String kind,
            @Nullable String md5,
            @Nullable String sha256,
            @Nullable String pdq,
            @Nullable Integer quality,
            @Nullable Integer width,
            @Nullable Integer height,
            @Nullable List<FrameRequest> vpdq) {}

    /**
     * One sampled frame of a video as sent.
     *
     * @param frame the frame's index in the video (decoding order, from 0)
     * @param timestamp its time in seconds
     * @param pdq its PDQ hash
     * @param quality its PDQ quality
     */
    @Serdeable
    record FrameRequest(
            @Nullable Integer frame,
            @Nullable Float timestamp,
            @Nullable String pdq,
            @Nullable Integer quality) {}

    /**
     * @param receipt the receipt code, in groups of four
     * @param status the status of a new report: always "received"
     * @param receivedAt when it was stored (ISO-8601)
     */
    @Serdeable
    record Receipt(String receipt, String status, String receivedAt) {}

    @Post(uri = "/v1/report", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.NONE)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Receipt submit(@Body String body) {
        SubmissionRequest q = parse(body, SubmissionRequest.class);
        Submission s = check(q);
        challenges.redeem(q.challenge(), q.solution(), s.submission());
        Report r = reports.submit(s);
        return new Receipt(
                ReceiptCodes.display(r.receipt()), r.status(), r.receivedAt().toString());
    }

    /** @param receipt the code as typed */
    @Serdeable
    record StatusRequest(@Nullable String receipt) {}

    /**
     * @param status the status: received, confirmed, forwarded or dismissed
     * @param receivedAt when the report was stored
     * @param updatedAt when its status last changed
     */
    @Serdeable
    record StatusAnswer(String status, String receivedAt, String updatedAt) {}

    @Post(uri = "/v1/report/status", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.NONE)
    @ExecuteOn(TaskExecutors.BLOCKING)
    StatusAnswer status(@Body String body) {
        StatusRequest q = parse(body, StatusRequest.class);
        String typed = q.receipt();
        if (typed != null && typed.length() > MAX_RECEIPT) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "invalid_receipt",
                    "a receipt code is at most " + MAX_RECEIPT + " characters");
        }
        String code = typed == null ? null : ReceiptCodes.normalize(typed);
        Optional<Report> r = code == null ? Optional.empty() : reports.byReceipt(code);
        if (r.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "unknown_receipt", "no report has this receipt code");
        }
        Report report = r.get();
        return new StatusAnswer(
                report.status(),
                report.receivedAt().toString(),
                report.updatedAt().toString());
    }

    private <T> T parse(String body, Class<T> type) {
        if (body.getBytes(StandardCharsets.UTF_8).length > config.maxBody()) {
            throw new ApiException(
                    HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "body_too_large",
                    "a report is at most " + config.maxBody() + " bytes");
        }
        try {
            return json.readValue(body, type);
        } catch (IOException | RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "the body is not the expected JSON");
        }
    }

    /** The submission {@code q} describes, or a 422 naming the first field that is wrong. */
    Submission check(SubmissionRequest q) {
        String submission = q.submission();
        if (submission == null || !SUBMISSION.matcher(submission).matches()) {
            throw invalid("submission must be 32 lowercase hex digits");
        }
        String lang = q.lang() == null ? "" : q.lang();
        if (!LANG.matcher(lang).matches()) {
            throw invalid("lang must be a language tag such as km or en");
        }
        List<ItemRequest> itemRequests = q.items() == null ? List.of() : q.items();
        if (itemRequests.isEmpty() || itemRequests.size() > config.maxItems()) {
            throw invalid("items: between 1 and " + config.maxItems() + " files");
        }
        int frames = 0;
        for (ItemRequest r : itemRequests) {
            List<FrameRequest> sent = r.vpdq();
            frames += sent == null ? 0 : sent.size();
        }
        if (frames > config.maxFrames()) {
            throw new ApiException(
                    HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "too_many_frames",
                    "a report carries at most " + config.maxFrames() + " video frames; this one " + frames);
        }
        List<Submission.Item> items = new ArrayList<>();
        for (int i = 0; i < itemRequests.size(); i++) {
            items.add(item(itemRequests.get(i), i));
        }
        List<String> categories = q.categories() == null ? List.of() : q.categories();
        var known = config.categoryLabels().keySet();
        if (categories.size() > known.size()) {
            throw invalid("categories: at most " + known.size() + ", each once");
        }
        for (String c : categories) {
            if (!known.contains(c)) {
                throw invalid("categories: unknown category");
            }
        }
        String seen = text(q.seenWhere(), config.maxSeenWhere(), "seenWhere");
        String contact = text(q.contact(), config.maxContact(), "contact");
        return new Submission(submission, lang, items, List.copyOf(new LinkedHashSet<>(categories)), seen, contact);
    }

    private static Submission.Item item(ItemRequest r, int i) {
        String at = "items[" + i + "]";
        String kind = r.kind();
        if (kind == null || !KINDS.contains(kind)) {
            throw invalid(at + ".kind must be image, video or file");
        }
        if (r.md5() == null || !MD5.matcher(r.md5()).matches()) {
            throw invalid(at + ".md5 must be 32 lowercase hex digits");
        }
        if (r.sha256() == null || !HEX64.matcher(r.sha256()).matches()) {
            throw invalid(at + ".sha256 must be 64 lowercase hex digits");
        }
        List<VpdqFrame> frames = frames(r.vpdq(), kind, at);
        String pdq = r.pdq();
        if (pdq == null) {
            if (r.quality() != null || r.width() != null || r.height() != null) {
                throw invalid(at + ": quality, width and height go with pdq");
            }
            return new Submission.Item(kind, r.md5(), r.sha256(), null, null, null, null, frames);
        }
        Integer quality = r.quality();
        Integer width = r.width();
        Integer height = r.height();
        if (!kind.equals("image") || !HEX64.matcher(pdq).matches()) {
            throw invalid(at + ".pdq must be 64 lowercase hex digits, for an image");
        }
        if (quality == null || quality < 0 || quality > 100) {
            throw invalid(at + ".quality must be 0..100");
        }
        if (width == null || height == null || width < 1 || height < 1 || width > 1 << 16 || height > 1 << 16) {
            throw invalid(at + ": width and height must be 1..65536");
        }
        return new Submission.Item(kind, r.md5(), r.sha256(), pdq, quality, width, height, List.of());
    }

    /** A video's frames, checked: each field present and in range, frame indices increasing. */
    private static List<VpdqFrame> frames(@Nullable List<FrameRequest> sent, String kind, String at) {
        if (sent == null || sent.isEmpty()) {
            return List.of();
        }
        if (!kind.equals("video")) {
            throw invalid(at + ".vpdq goes with a video only");
        }
        List<VpdqFrame> frames = new ArrayList<>(sent.size());
        int last = -1;
        for (int k = 0; k < sent.size(); k++) {
            FrameRequest f = sent.get(k);
            String where = at + ".vpdq[" + k + "]";
            Integer index = f.frame();
            Float seconds = f.timestamp();
            Integer quality = f.quality();
            String pdq = f.pdq();
            if (index == null || index <= last) {
                throw invalid(where + ".frame must be an index above the previous frame's");
            }
            if (seconds == null || !(seconds >= 0f) || seconds.isInfinite()) {
                throw invalid(where + ".timestamp must be a number of seconds >= 0");
            }
            if (pdq == null || !HEX64.matcher(pdq).matches()) {
                throw invalid(where + ".pdq must be 64 lowercase hex digits");
            }
            if (quality == null || quality < 0 || quality > 100) {
                throw invalid(where + ".quality must be 0..100");
            }
            frames.add(new VpdqFrame(index, quality, PdqHash.fromHex(pdq), seconds));
            last = index;
        }
        return List.copyOf(frames);
    }

    private static String text(@Nullable String value, int max, String field) {
        String v = value == null ? "" : value.strip();
        if (v.codePointCount(0, v.length()) > max) {
            throw invalid(field + " is at most " + max + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t') {
                throw invalid(field + " holds a control character");
            }
        }
        return v;
    }

    private static ApiException invalid(String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_report", message);
    }
}
