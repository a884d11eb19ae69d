package io.hashmatch.service.exchange;

import io.hashmatch.list.DurableFiles;
import io.hashmatch.service.lists.ListRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured exchange sources ({@code hashmatch.exchanges.*}): syncs on demand ({@link #sync}: the CLI's
 * {@code hashmatch exchange sync NAME}, {@code POST /v1/exchanges/{name}/sync}) and, in {@code serve}, on each
 * source's {@code schedule}; their status; feedback to the exchanges that take it.
 *
 * <p><b>Credentials</b> come from the environment variable the source names ({@code credentials-env}, default
 * python-threatexchange's variable for the type, e.g. {@code TX_NCMEC_CREDENTIALS}), else from the file it names
 * ({@code credentials-file}, default python-threatexchange's file in the home directory, e.g.
 * {@code ~/.tx_ncmec_credentials}); they are read at each sync (a rotated secret is used at once) and never logged.
 *
 * <p>Thread-safe: one sync of a source at a time (another is refused, {@link ExchangeException.Kind#BUSY}); syncs of
 * different sources may run together.
 */
@Singleton
public final class Exchanges implements ApplicationEventListener<ServerStartupEvent>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Exchanges.class);
    static final String LEDGER_DIR = "exchanges";

    /**
     * An exchange's state for the API and the console.
     *
     * @param name the source
     * @param type its protocol
     * @param list the target list
     * @param schedule how often serve syncs it, or null
     * @param running whether a sync runs now
     * @param lastStart when the last sync started, or null
     * @param lastSuccess when a sync last finished without error, or null
     * @param lastError the last sync's error, or null if it succeeded
     * @param lastErrorKind its kind, or null
     * @param checkpoint the durable checkpoint, or null (never synced, or not read yet)
     * @param entries entries the source holds
     * @param added entries added by syncs, ever
     * @param removed entries removed, ever
     * @param malformed records skipped, ever
     * @param lastReport the last sync's report, or null
     * @param lastEnd when the last sync ended, with or without error, or null
     * @param enabled whether scheduled syncs run ({@link #setEnabled})
     */
    public record Status(
            String name,
            ExchangeType type,
            String list,
            @Nullable Duration schedule,
            boolean running,
            @Nullable Instant lastStart,
            @Nullable Instant lastSuccess,
            @Nullable String lastError,
            ExchangeException.@Nullable Kind lastErrorKind,
            @Nullable String checkpoint,
            long entries,
            long added,
            long removed,
            long malformed,
            @Nullable Report lastReport,
            @Nullable Instant lastEnd,
            boolean enabled) {}

    /**
     * What one sync did.
     *
     * @param pages pages fetched
     * @param fetched records fetched
     * @param added entries added to the list
     * @param removed entries removed from it
     * @param malformed records skipped as unreadable
     * @param millis how long it took
     */
    public record Report(int pages, long fetched, long added, long removed, long malformed, long millis) {}

    /**
     * An exchange a list entry came from.
     *
     * @param exchange the source's name
     * @param type its protocol ({@link ExchangeType#takesFeedback()} says whether feedback can be sent)
     * @param id the entry's id at the exchange
     * @param verified true if the source's ledger holds the id; false if it could not be read (a sync was running),
     *     when the id is the entry's label only
     */
    public record Origin(String exchange, ExchangeType type, String id, boolean verified) {}

    /** What the ledger said when last read (cheap to show; the ledger itself is opened only by a sync). */
    private record Summary(@Nullable String checkpoint, long entries, SyncLedger.Totals totals) {}

    private static final class Source {
        final ExchangeConfiguration config;
        final ExchangeType type;
        final ReentrantLock lock = new ReentrantLock();
        volatile @Nullable Instant lastStart;
        volatile @Nullable Instant lastSuccess;
        volatile @Nullable Instant lastEnd;
        volatile @Nullable ExchangeException lastError;
        volatile @Nullable Report lastReport;
        volatile @Nullable Summary summary;

        Source(ExchangeConfiguration config, ExchangeType type) {
            this.config = config;
            this.type = type;
        }
    }

    private final Map<String, Source> sources = new ConcurrentHashMap<>(); // created ones join at run time
    private final Map<String, String> invalid = new ConcurrentHashMap<>();
    private final ListRegistry registry;
    private final UnaryOperator<@Nullable String> env;
    private final Path home;
    private final Clock clock;
    private @Nullable ScheduledExecutorService scheduler;
    /** Set by {@link #close}: no schedule starts after it. Guarded by this object's monitor. */
    private boolean closed;

    @Inject
    Exchanges(List<ExchangeConfiguration> configs, ListRegistry registry) {
        this(configs, registry, System::getenv, Path.of(System.getProperty("user.home", ".")), Clock.systemUTC());
    }

    Exchanges(
            List<ExchangeConfiguration> configs,
            ListRegistry registry,
            UnaryOperator<@Nullable String> env,
            Path home,
            Clock clock) {
        this.registry = registry;
        this.env = env;
        this.home = home;
        this.clock = clock;
        for (ExchangeConfiguration c : configs) {
            try {
                if (c.type() == null) {
                    throw new IllegalArgumentException("no type (ncmec, stopncii, fb_threatexchange, tat, url)");
                }
                sources.put(c.name(), new Source(c, ExchangeType.of(c.type())));
            } catch (IllegalArgumentException e) {
                invalid.put(c.name(), String.valueOf(e.getMessage()));
                LOG.error("exchange {} is not usable: {}", c.name(), e.getMessage());
            }
        }
    }

    /** The configured and created exchanges' names, sorted. */
    public List<String> names() {
        loadCreated();
        TreeSet<String> all = new TreeSet<>(sources.keySet());
        all.addAll(invalid.keySet());
        return List.copyOf(all);
    }

    /** The configuration of {@code name}, or null. */
    public @Nullable ExchangeConfiguration configuration(String name) {
        loadCreated();
        Source s = sources.get(name);
        return s == null ? null : s.config;
    }

    /** The protocol of the usable exchange {@code name}, or null. */
    public @Nullable ExchangeType type(String name) {
        loadCreated();
        Source s = sources.get(name);
        return s == null ? null : s.type;
    }

    private Source source(String name) throws ExchangeException {
        loadCreated();
        Source s = sources.get(name);
        if (s == null) {
            String why = invalid.get(name);
            throw new ExchangeException(
                    why == null ? ExchangeException.Kind.NOT_FOUND : ExchangeException.Kind.CONFIGURATION,
                    why == null
                            ? "no exchange '" + name + "' is configured (hashmatch.exchanges." + name + ")"
                            : "exchange '" + name + "': " + why);
        }
        return s;
    }

    /**
     * Whether credentials for exchanges of {@code type} are where python-threatexchange looks for them by default (its
     * variable, or its file in the home directory), i.e. whether an exchange created through the API without its own
     * credential settings can authenticate. Never reveals them.
     */
    public boolean hasDefaultCredentials(ExchangeType type) {
        String variable = type.defaultEnv();
        if (variable != null) {
            String v = env.apply(variable);
            if (v != null && !v.isBlank()) {
                return true;
            }
        }
        return type.defaultFile() != null && Files.isRegularFile(home.resolve(type.defaultFile()));
    }

    /**
     * Adds an exchange at run time (HMA's {@code POST /c/exchanges}), synced on demand into the list of its name, with
     * its type's default credentials and HTTP settings. It is kept in the data directory ({@code exchanges/NAME.created})
     * and comes back after a restart.
     *
     * @param name the exchange's name, also its list's
     * @param type its protocol
     * @param endpoint its base URL, or null for the type's production endpoint
     * @param onlyEspIds NCMEC: members whose entries are taken, or null (all)
     * @param privacyGroup ThreatExchange: the privacy group, or null
     * @return false if an exchange of that name exists already (nothing changed)
     * @throws IOException if it cannot be written
     */
    public synchronized boolean create(
            String name,
            ExchangeType type,
            @Nullable String endpoint,
            @Nullable List<Integer> onlyEspIds,
            @Nullable Long privacyGroup)
            throws IOException {
        loadCreated();
        if (sources.containsKey(name) || invalid.containsKey(name)) {
            return false;
        }
        java.util.Properties p = new java.util.Properties();
        p.setProperty("type", type.configName());
        if (endpoint != null) {
            p.setProperty("endpoint", endpoint);
        }
        if (onlyEspIds != null && !onlyEspIds.isEmpty()) {
            p.setProperty(
                    "only-esp-ids",
                    String.join(",", onlyEspIds.stream().map(String::valueOf).toList()));
        }
        if (privacyGroup != null) {
            p.setProperty("privacy-group", privacyGroup.toString());
        }
        Path dir = Files.createDirectories(registry.dataDirectory().resolve(LEDGER_DIR));
        DurableFiles.replace(dir.resolve(name + CREATED), tmp -> {
            try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, "created through the curation API");
            }
        });
        sources.put(name, new Source(created(name, p), type));
        LOG.info("exchange {}: created ({})", name, type.configName());
        return true;
    }

    private static final String CREATED = ".created";

    private volatile boolean createdLoaded;

    /** Adds the exchanges created through the API in an earlier run, once. */
    private void loadCreated() {
        if (createdLoaded) {
            return;
        }
        synchronized (this) {
            if (createdLoaded) {
                return;
            }
            createdLoaded = true;
            Path dir;
            try {
                dir = registry.dataDirectory().resolve(LEDGER_DIR);
                if (!Files.isDirectory(dir)) {
                    return;
                }
                try (var files = Files.list(dir)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().endsWith(CREATED))
                            .toList()) {
                        String file = f.getFileName().toString();
                        String name = file.substring(0, file.length() - CREATED.length());
                        java.util.Properties p = new java.util.Properties();
                        try (var in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                            p.load(in);
                        }
                        try {
                            sources.putIfAbsent(
                                    name, new Source(created(name, p), ExchangeType.of(p.getProperty("type", ""))));
                        } catch (IllegalArgumentException e) {
                            invalid.put(name, String.valueOf(e.getMessage()));
                        }
                    }
                }
            } catch (IOException e) {
                LOG.error("exchanges created through the API not readable: {}", e.toString());
            }
        }
    }

    private static ExchangeConfiguration created(String name, java.util.Properties p) {
        String ids = p.getProperty("only-esp-ids");
        String group = p.getProperty("privacy-group");
        return new ExchangeConfiguration(
                name,
                p.getProperty("type"),
                p.getProperty("endpoint"),
                null,
                null,
                null,
                null,
                null,
                ids == null
                        ? null
                        : java.util.Arrays.stream(ids.split(",", -1))
                                .map(Integer::valueOf)
                                .toList(),
                group == null ? null : Long.valueOf(group),
                null,
                null,
                null);
    }

    /**
     * Syncs exchange {@code name} now, in the calling thread.
     *
     * @throws ExchangeException if it is unknown, misconfigured, already syncing, or the exchange fails (what was
     *     committed before stays)
     * @throws IOException if the list or the ledger cannot be written
     */
    public Report sync(String name) throws ExchangeException, IOException {
        Source s = source(name);
        if (!s.lock.tryLock()) {
            throw new ExchangeException(ExchangeException.Kind.BUSY, "exchange '" + name + "' is syncing already");
        }
        try {
            s.lastStart = clock.instant();
            try {
                ExchangeClient client = client(s);
                Path path = ledgerPath(name);
                try (SyncLedger ledger = SyncLedger.open(path, s.config.listName())) {
                    try {
                        ExchangeSync.Report r = ExchangeSync.run(
                                name, s.config.listName(), client, registry, ledger, kinds(s.config), clock);
                        Report report = new Report(
                                r.pages(),
                                r.fetched(),
                                r.added(),
                                r.removed(),
                                r.malformed(),
                                r.took().toMillis());
                        s.lastReport = report;
                        s.lastSuccess = clock.instant();
                        s.lastError = null;
                        return report;
                    } finally {
                        s.summary = new Summary(
                                ledger.checkpoint(), ledger.entries().size(), ledger.totals());
                    }
                }
            } catch (ExchangeException e) {
                s.lastError = e;
                throw e;
            } catch (IOException e) {
                s.lastError =
                        new ExchangeException(ExchangeException.Kind.UNAVAILABLE, String.valueOf(e.getMessage()), e);
                throw e;
            }
        } finally {
            s.lastEnd = clock.instant();
            s.lock.unlock();
        }
    }

    /**
     * Whether scheduled syncs of {@code name} run: true unless {@link #setEnabled} turned them off (HMA's exchange
     * {@code enabled}). A sync asked for explicitly ({@link #sync}) runs either way.
     *
     * @throws ExchangeException if there is no such exchange
     */
    public boolean isEnabled(String name) throws ExchangeException {
        source(name);
        try {
            return !Files.exists(disabledMarker(name));
        } catch (IOException e) {
            throw new ExchangeException(ExchangeException.Kind.UNAVAILABLE, String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Turns the scheduled syncs of {@code name} on or off, durably (a marker file beside its ledger, so that a restart
     * keeps the choice; the configuration is not rewritten).
     *
     * @throws ExchangeException if there is no such exchange
     * @throws IOException if the marker cannot be written or removed
     */
    public void setEnabled(String name, boolean enabled) throws ExchangeException, IOException {
        source(name);
        Path marker = disabledMarker(name);
        if (enabled) {
            Files.deleteIfExists(marker);
        } else if (!Files.exists(marker)) {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "scheduled syncs off (HMA: PUT /c/exchange/" + name + " {\"enabled\":true})\n");
        }
        LOG.info("exchange {}: scheduled syncs {}", name, enabled ? "on" : "off");
    }

    private Path disabledMarker(String name) throws IOException {
        return registry.dataDirectory().resolve(LEDGER_DIR).resolve(name + ".disabled");
    }

    /**
     * The time a checkpoint has fetched up to, in unix seconds, as python-threatexchange's
     * {@code get_progress_timestamp}: NCMEC's {@code get_entries_max_ts}, StopNCII's and ThreatExchange's
     * {@code update_time}; null for a checkpoint without one (TAT, a URL list) or no checkpoint.
     */
    public static @Nullable Long progressTimestamp(@Nullable String checkpoint) {
        if (checkpoint == null) {
            return null;
        }
        try {
            Map<String, @Nullable Object> m = Checkpoints.read(checkpoint);
            for (String field : List.of("get_entries_max_ts", "update_time")) {
                if (m.get(field) instanceof Number n) {
                    return n.longValue();
                }
            }
            return null;
        } catch (ExchangeException e) {
            return null;
        }
    }

    private Path ledgerPath(String name) throws IOException {
        return registry.dataDirectory().resolve(LEDGER_DIR).resolve(name + SyncLedger.EXTENSION);
    }

    private static Set<String> kinds(ExchangeConfiguration c) throws ExchangeException {
        if (c.kinds() == null || c.kinds().isEmpty()) {
            return Set.of("pdq", "md5");
        }
        Set<String> kinds = new TreeSet<>();
        for (String k : c.kinds()) {
            String n = k.strip().toLowerCase(Locale.ROOT);
            if (!n.equals("pdq") && !n.equals("md5")) {
                throw new ExchangeException(
                        ExchangeException.Kind.CONFIGURATION,
                        "exchange '" + c.name() + "': kinds may be pdq and md5 (the hashes a list changed live holds),"
                                + " not " + k);
            }
            kinds.add(n);
        }
        return kinds;
    }

    /**
     * The status of {@code name}.
     *
     * @throws ExchangeException if there is no such exchange
     */
    public Status status(String name) throws ExchangeException {
        Source s = source(name);
        Summary sum = s.summary;
        if (sum == null && !s.lock.isLocked()) {
            sum = readSummary(s);
        }
        ExchangeException e = s.lastError;
        SyncLedger.Totals t = sum == null ? new SyncLedger.Totals(0, 0, 0, null) : sum.totals();
        return new Status(
                name,
                s.type,
                s.config.listName(),
                s.config.schedule(),
                s.lock.isLocked(),
                s.lastStart,
                s.lastSuccess != null ? s.lastSuccess : t.lastApplied(),
                e == null ? null : e.getMessage(),
                e == null ? null : e.kind(),
                sum == null ? null : sum.checkpoint(),
                sum == null ? 0 : sum.entries(),
                t.added(),
                t.removed(),
                t.malformed(),
                s.lastReport,
                s.lastEnd,
                isEnabled(name));
    }

    private @Nullable Summary readSummary(Source s) {
        if (!s.lock.tryLock()) {
            return null;
        }
        try {
            Path path = ledgerPath(s.config.name());
            if (!Files.exists(path)) {
                return null;
            }
            try (SyncLedger ledger = SyncLedger.open(path, s.config.listName())) {
                Summary sum = new Summary(ledger.checkpoint(), ledger.entries().size(), ledger.totals());
                s.summary = sum;
                return sum;
            }
        } catch (IOException e) {
            LOG.warn("exchange {}: ledger not readable: {}", s.config.name(), e.getMessage());
            return null;
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * The exchanges that may have given list {@code list} the entry whose exchange id (its label) is {@code id}: the
     * sources whose target list it is and whose ledger holds the id. A source whose ledger a running sync holds is
     * named unverified. Reads the ledgers (a second for a million entries): for one entry an admin asks about, not
     * for every hit.
     */
    public List<Origin> origins(String list, String id) {
        List<Origin> origins = new java.util.ArrayList<>();
        for (Source s : sources.values()) {
            if (!s.config.listName().equals(list)) {
                continue;
            }
            if (!s.lock.tryLock()) {
                origins.add(new Origin(s.config.name(), s.type, id, false));
                continue;
            }
            try {
                Path path = ledgerPath(s.config.name());
                if (Files.exists(path)) {
                    try (SyncLedger ledger = SyncLedger.open(path, s.config.listName())) {
                        if (ledger.list().equals(list) && ledger.entries().containsKey(id)) {
                            origins.add(new Origin(s.config.name(), s.type, id, true));
                        }
                    }
                }
            } catch (IOException e) {
                LOG.warn("exchange {}: ledger not readable: {}", s.config.name(), e.getMessage());
            } finally {
                s.lock.unlock();
            }
        }
        return origins;
    }

    /**
     * Sends feedback on entry {@code id} to exchange {@code name} (NCMEC, StopNCII, ThreatExchange). ThreatExchange
     * reacts to the descriptors the source's ledger recorded of the entry: reading them waits up to
     * {@link #FEEDBACK_WAIT} for a running sync of the source to end.
     *
     * @throws ExchangeException if there is no such exchange, it takes no feedback, it refuses; for ThreatExchange also
     *     if the source holds no entry {@code id} ({@link ExchangeException.Kind#UNKNOWN_ENTRY}), the entry has no
     *     descriptor to react to ({@link ExchangeException.Kind#NO_FEEDBACK_TARGET}) or a sync holds the ledger longer
     *     ({@link ExchangeException.Kind#BUSY})
     */
    public void feedback(String name, String id, @Nullable String kind, boolean positive, @Nullable String reason)
            throws ExchangeException {
        Source s = source(name);
        ExchangeClient client = client(s);
        List<ExchangeEntry.Descriptor> descriptors = s.type.reactsToDescriptors() ? heldDescriptors(s, id) : List.of();
        client.feedback(id, kind, positive, reason, descriptors);
    }

    /** How long feedback that needs the ledger waits for a running sync. */
    static final Duration FEEDBACK_WAIT = Duration.ofSeconds(10);

    /** The descriptors the ledger of {@code s} holds for entry {@code id}. */
    private List<ExchangeEntry.Descriptor> heldDescriptors(Source s, String id) throws ExchangeException {
        String name = s.config.name();
        try {
            if (!s.lock.tryLock(FEEDBACK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ExchangeException(
                        ExchangeException.Kind.BUSY,
                        "exchange '" + name + "' is syncing: its entries' descriptors are read once the sync ends;"
                                + " send the feedback again then");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeException(ExchangeException.Kind.BUSY, "interrupted while waiting for a sync", e);
        }
        try {
            Path path = ledgerPath(name);
            SyncLedger.Item item = null;
            if (Files.exists(path)) {
                try (SyncLedger ledger = SyncLedger.open(path, s.config.listName())) {
                    item = ledger.entries().get(id);
                }
            }
            if (item == null) {
                throw new ExchangeException(
                        ExchangeException.Kind.UNKNOWN_ENTRY, "exchange '" + name + "' holds no entry " + id);
            }
            return item.descriptors();
        } catch (IOException e) {
            throw new ExchangeException(
                    ExchangeException.Kind.UNAVAILABLE,
                    "exchange '" + name + "': ledger not readable: " + e.getMessage(),
                    e);
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * The reasons exchange {@code name} offers for negative feedback on a hash of kind {@code kind} (NCMEC: GUID to
     * name, asked now).
     *
     * @throws ExchangeException if there is no such exchange, it has no such list, or it refuses
     */
    public java.util.SequencedMap<String, String> feedbackReasons(String name, @Nullable String kind)
            throws ExchangeException {
        Source s = source(name);
        return client(s).feedbackReasons(kind);
    }

    /** A client for {@code s}, with credentials read now. */
    private ExchangeClient client(Source s) throws ExchangeException {
        ExchangeConfiguration c = s.config;
        String endpoint = c.endpoint() != null && !c.endpoint().isBlank() ? c.endpoint() : s.type.defaultEndpoint();
        if (endpoint == null) {
            throw new ExchangeException(
                    ExchangeException.Kind.CONFIGURATION,
                    "exchange '" + c.name() + "': no endpoint (hashmatch.exchanges." + c.name() + ".endpoint)");
        }
        ExchangeHttp http = new ExchangeHttp(c.http());
        String credentials = credentials(c, s.type);
        try {
            return switch (s.type) {
                case NCMEC ->
                    new NcmecClient(
                            endpoint,
                            require(c, s.type, credentials),
                            http,
                            c.onlyEspIds() == null ? Set.of() : Set.copyOf(c.onlyEspIds()),
                            clock);
                case STOPNCII -> new StopNciiClient(endpoint, require(c, s.type, credentials), http, clock);
                case THREATEXCHANGE -> {
                    Long group = c.privacyGroup();
                    if (group == null) {
                        throw new ExchangeException(
                                ExchangeException.Kind.CONFIGURATION, "exchange '" + c.name() + "': no privacy-group");
                    }
                    yield new ThreatExchangeClient(endpoint, require(c, s.type, credentials), group, http, clock);
                }
                case TAT -> new TatClient(endpoint, require(c, s.type, credentials), http);
                case URL ->
                    new UrlListClient(
                            URI.create(endpoint),
                            credentials,
                            http,
                            registry.dataDirectory().resolve(LEDGER_DIR));
            };
        } catch (IOException | IllegalArgumentException e) {
            throw new ExchangeException(
                    ExchangeException.Kind.CONFIGURATION, "exchange '" + c.name() + "': " + e.getMessage(), e);
        }
    }

    private String require(ExchangeConfiguration c, ExchangeType type, @Nullable String credentials)
            throws ExchangeException {
        if (credentials == null) {
            String envName = c.credentialsEnv() != null ? c.credentialsEnv() : type.defaultEnv();
            Path file = credentialsFile(c, type);
            throw new ExchangeException(
                    ExchangeException.Kind.CREDENTIALS_MISSING,
                    "exchange '" + c.name() + "': no credentials: set $" + envName
                            + (file == null ? "" : " or write them to " + file));
        }
        return credentials;
    }

    /** The credentials of {@code c}: its variable if set, else its file if it exists, else null. */
    private @Nullable String credentials(ExchangeConfiguration c, ExchangeType type) throws ExchangeException {
        String envName = c.credentialsEnv() != null ? c.credentialsEnv() : type.defaultEnv();
        if (envName != null) {
            String v = env.apply(envName);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        Path file = credentialsFile(c, type);
        if (file != null && Files.isRegularFile(file)) {
            try {
                String v = Files.readString(file, StandardCharsets.UTF_8).strip();
                return v.isEmpty() ? null : v;
            } catch (IOException e) {
                throw new ExchangeException(
                        ExchangeException.Kind.CREDENTIALS_MISSING,
                        "exchange '" + c.name() + "': cannot read " + file + ": " + e.getMessage(),
                        e);
            }
        }
        return null;
    }

    private @Nullable Path credentialsFile(ExchangeConfiguration c, ExchangeType type) {
        if (c.credentialsFile() != null && !c.credentialsFile().isBlank()) {
            String f = c.credentialsFile();
            return f.startsWith("~/") ? home.resolve(f.substring(2)) : Path.of(f);
        }
        return type.defaultFile() == null ? null : home.resolve(type.defaultFile());
    }

    /** Starts the scheduled syncs when {@code serve} has started. */
    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        startSchedules();
    }

    synchronized void startSchedules() {
        if (closed || scheduler != null) {
            return;
        }
        List<Source> scheduled = sources.values().stream()
                .filter(s -> s.config.schedule() != null
                        && !s.config.schedule().isZero()
                        && !s.config.schedule().isNegative())
                .toList();
        if (scheduled.isEmpty()) {
            return;
        }
        ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hashmatch-exchange-sync");
            t.setDaemon(true);
            return t;
        });
        scheduler = ses;
        for (Source s : scheduled) {
            long every = java.util.Objects.requireNonNull(s.config.schedule()).toMillis();
            var _ = ses.scheduleWithFixedDelay(() -> scheduledSync(s.config.name()), 0, every, TimeUnit.MILLISECONDS);
            LOG.info("exchange {}: syncing every {}", s.config.name(), s.config.schedule());
        }
    }

    private void scheduledSync(String name) {
        try {
            registry.awaitInitialLoad();
            if (!isEnabled(name)) {
                LOG.debug("exchange {}: skipped, disabled", name);
                return;
            }
            sync(name);
        } catch (ExchangeException e) {
            if (e.kind() != ExchangeException.Kind.BUSY) {
                LOG.error("exchange {}: scheduled sync failed ({}): {}", name, e.kind(), e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("exchange {}: scheduled sync failed: {}", name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long {@link #close} waits for a running scheduled sync to stop. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /**
     * Stops the scheduled syncs: a running one is interrupted (its request is abandoned; what it committed stays) and
     * waited for, up to {@link #CLOSE_WAIT}, so that once this returns no sync writes the list or the ledger. Not
     * waited for while holding this object's monitor: the sync may need it.
     */
    @PreDestroy
    @Override
    public void close() {
        ScheduledExecutorService ses;
        synchronized (this) {
            closed = true;
            ses = scheduler;
            scheduler = null;
        }
        if (ses == null) {
            return;
        }
        ses.shutdownNow();
        try {
            if (!ses.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("closing the exchanges: a scheduled sync still runs after {}", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("closing the exchanges: interrupted while waiting for a scheduled sync to stop");
        }
    }
}
