package io.hashmatch.service.console;

import io.hashmatch.list.ListDelta;
import io.hashmatch.match.ListSettings;
import io.hashmatch.service.http.SearchPolicy;
import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.security.ApiKey;
import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The routes of the web console.
 *
 * <ul>
 *   <li>{@code GET /console} (and {@code /console/}) → the console's page, {@code console/index.html} of the jar; its
 *       other files are Micronaut static resources under {@code /console/}. Open to everyone: a browser cannot send a
 *       key when it opens a page; every call the page makes carries the key;</li>
 *   <li>{@code GET /v1/console/session} (match) → {@code {"key":"<key id>","role":"match"|"admin","maxDistance":31}}:
 *       who the key is (never the key itself) and the PDQ distance the console asks for (the smallest default of the
 *       served lists, within every list's cap: {@link SearchPolicy}), so the
 *       console shows only the screens the role may use;</li>
 *   <li>{@code GET /v1/console/lists} (admin) → {@code {"lists":[{name, version, entries, checksum, loadedSince,
 *       origin, maxDistance, suppressionEntries}]}}: {@code GET /v1/lists} with what the Lists screen adds, the PDQ
 *       distance each list is matched at by default, how many of its entries are suppression entries and, for a list
 *       that changes live, {@code changes: {added, removed, liveEntries}} since its snapshot;</li>
 *   <li>{@code GET /v1/console/activity} (admin) → {@link ActivityReport}: request, query and hit counts from the
 *       service's metrics, the latest audit lines and the verification of the audit chain.</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
@Controller
final class ConsoleController {
    /** Audit lines shown on the Activity screen. */
    static final int LATEST_AUDIT_LINES = 50;

    /** The page, in the jar beside the console's other static files. */
    static final String PAGE = "/console/index.html";

    private final ActivityReader activity;
    private final ListRegistry registry;
    private final SearchPolicy policy;
    private final byte[] page;

    ConsoleController(ActivityReader activity, ListRegistry registry, SearchPolicy policy) {
        this.activity = activity;
        this.policy = policy;
        this.registry = registry;
        try (InputStream in = ConsoleController.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the jar");
            }
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PAGE + " from the jar", e);
        }
    }

    /**
     * @param key the key's id
     * @param role {@code match} or {@code admin}
     * @param maxDistance the PDQ distance lists are matched at when a request gives none
     */
    @Serdeable
    record Session(String key, String role, int maxDistance) {}

    @Get(uri = "/console", produces = MediaType.TEXT_HTML)
    @RequiredRole(Role.NONE)
    HttpResponse<byte[]> page() {
        return HttpResponse.ok(page).contentType(MediaType.TEXT_HTML + ";charset=utf-8");
    }

    @Get(uri = "/v1/console/session", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    Session session(HttpRequest<?> request) {
        ApiKey caller = ApiKey.of(request);
        if (caller == null) {
            // the security filter authenticates every route that needs a role before it runs
            throw new IllegalStateException("no authenticated caller on a route that needs the match role");
        }
        int maxDistance = ListSettings.DEFAULT_MAX_DISTANCE;
        try (ListLease lease = registry.acquire()) {
            for (ListInfo l : lease.lists()) {
                maxDistance = Math.min(maxDistance, policy.defaultDistance(l.name()));
            }
        }
        return new Session(caller.id(), caller.role().name().toLowerCase(Locale.ROOT), maxDistance);
    }

    /** @param lists the served lists, in the order they were added */
    @Serdeable
    record Lists(List<ConsoleList> lists) {}

    /**
     * One served list as the Lists screen shows it.
     *
     * @param name the list's name
     * @param version its version label
     * @param entries its number of entries
     * @param checksum the snapshot's CRC32C
     * @param loadedSince when this version started being served (ISO-8601)
     * @param origin {@code file:<names>} or {@code upload}
     * @param maxDistance the PDQ distance it is matched at when a request gives none
     * @param suppressionEntries how many entries are suppression entries (all of them: a suppression list)
     * @param changes what was added and removed since the snapshot, for a list that changes live; null otherwise
     */
    @Serdeable
    record ConsoleList(
            String name,
            String version,
            int entries,
            String checksum,
            String loadedSince,
            String origin,
            int maxDistance,
            int suppressionEntries,
            @Nullable Changes changes) {}

    /**
     * A live list's changes since its snapshot (an HMA bank, an exchange's target list, an upload).
     *
     * @param added entries added
     * @param removed entries removed
     * @param liveEntries the entries it has now
     */
    @Serdeable
    record Changes(int added, int removed, int liveEntries) {}

    @Get(uri = "/v1/console/lists", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.ADMIN)
    @ExecuteOn(TaskExecutors.IO)
    Lists lists() {
        try (ListLease lease = registry.acquire()) {
            List<ConsoleList> lists = new ArrayList<>();
            for (ListInfo l : lease.lists()) {
                lists.add(new ConsoleList(
                        l.name(),
                        l.version(),
                        l.entries(),
                        l.checksum(),
                        l.loadedSince(),
                        l.origin(),
                        policy.defaultDistance(l.name()),
                        lease.suppressionEntries(l.name()),
                        changesOf(lease.changes(l.name()))));
            }
            return new Lists(lists);
        }
    }

    private static @Nullable Changes changesOf(ListDelta.@Nullable View view) {
        return view == null ? null : new Changes(view.added(), view.removals(), view.liveEntries());
    }

    @Get(uri = "/v1/console/activity", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.ADMIN)
    @ExecuteOn(TaskExecutors.IO)
    ActivityReport activity() {
        return activity.read(Instant.now(), LATEST_AUDIT_LINES);
    }
}
