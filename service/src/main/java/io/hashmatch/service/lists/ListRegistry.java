package io.hashmatch.service.lists;

import io.hashmatch.list.DurableFiles;
import io.hashmatch.list.FileFormatException;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ImportReport;
import io.hashmatch.list.ListCompaction;
import io.hashmatch.list.ListDelta;
import io.hashmatch.list.ListImportException;
import io.hashmatch.list.ListImporter;
import io.hashmatch.list.SnapshotWriter;
import io.hashmatch.list.format.ListImport;
import io.hashmatch.list.format.ReadOptions;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lists the service matches against, and their hot replacement.
 *
 * <p><b>Loading.</b> When the HTTP server has started, the lists are loaded on a background thread, so the server
 * answers at once: {@code /status} and {@code /health} report "not ready" until the first load is done
 * ({@link #isReady()}). First the lists an admin put through the API, from the {@link ServedListsManifest} of the
 * work directory; then the configured sources ({@link ListsConfiguration#lists()}, or the demo list) whose name an
 * admin has not put or deleted. A source that fails to load is reported by {@link #failures()} (health DOWN, match
 * answers name it) and loaded again when its file changes.
 *
 * <p><b>Own copies.</b> The service never maps or imports a file someone else may rewrite: a source file is first
 * copied into the work directory once it has settled ({@link SettledCopy}), and only the copy is opened or
 * imported. Truncating or overwriting the original cannot fault a request; a half-written original is not loaded.
 *
 * <p><b>Following.</b> A published list ({@link FollowConfiguration}, {@link PublishedList}) is polled every
 * {@link FollowConfiguration#interval()} by its {@link ListFollower}, which downloads a new publication into the work
 * directory and verifies it against its manifest; a refused one is reported ({@link #following()}) and the served
 * version stays. Replicas that follow the same manifest serve the same versions.
 *
 * <p><b>Swapping.</b> A new version (from {@link #put}, a source file replaced on disk and noticed by the
 * {@link ListFileWatcher}, or a new publication of a followed list) is loaded completely first; then one atomic step makes a new {@link ListCatalog} current.
 * A request works on the catalog it {@link #acquire() acquired}: it sees either the old or the new version, never a
 * mix or a half-written list. The old version is closed (unmapped, its work files deleted) when the last request
 * holding it finishes, so memory and disk do not grow across reloads. A version that fails to load (bad line,
 * damaged or half-written snapshot) is logged and the served one stays.
 *
 * <p><b>Durability.</b> {@link #put} and {@link #delete} record the change in the manifest (atomically, forced to
 * disk) before it takes effect, so it survives a restart or a crash; at start, files of the work directory that the
 * manifest does not name are deleted. One registry uses a work directory at a time (a file lock).
 *
 * <p>Thread-safe. Loads and imports run one at a time; {@link #acquire()} is lock-free.
 */
@Singleton
public final class ListRegistry implements ApplicationEventListener<ServerStartupEvent>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListRegistry.class);
    /** Origin of a list put through the API. */
    static final String UPLOAD = "upload";
    /** Held locked while a registry uses the work directory. */
    static final String LOCK_FILE = ".lock";
    /** Folders of list files being copied for an import, and of uploaded bodies. */
    private static final String INPUT_PREFIX = "input-";

    private static final String UPLOAD_PREFIX = "upload-";
    /** Snapshot files the registry writes: {@code <name>.<N>.hmsnap}. */
    private static final Pattern WORK_FILE = Pattern.compile(".*\\.([0-9]{1,18})\\.hmsnap");
    /** The least time a loader waits for a file to settle. */
    private static final Duration MIN_SETTLE_WAIT = Duration.ofMinutes(1);

    private final ListsConfiguration config;
    private final FollowConfiguration follow;
    private final CompactionConfiguration compaction;
    /** Lists being compacted (at most one compaction per list at a time). */
    private final Set<String> compacting = ConcurrentHashMap.newKeySet();
    /** Lists whose compaction waits (a sync changing them batch after batch), with their holders; guarded by this. */
    private final Map<String, Integer> compactionHeld = new HashMap<>();
    /** Runs compactions, one at a time, created on first use. */
    private @Nullable ExecutorService compactor;
    /** Told each step of a compaction (tests stop a process there). */
    private volatile Consumer<String> compactionPhase = phase -> {};
    /** The follower of each followed source, made by {@link #start()}. */
    private final Map<ListSource.Followed, ListFollower> followers = new ConcurrentHashMap<>();

    private @Nullable ScheduledExecutorService poller;
    private final AtomicReference<ListCatalog> current;
    private final ReentrantLock loadLock = new ReentrantLock();
    private final CountDownLatch initialLoad = new CountDownLatch(1);
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Integer> versionCounters = new ConcurrentHashMap<>();
    /** The configured sources, resolved by {@link #start()}. */
    private List<ListSource> sources = List.of();
    /** The list name of each configured source, once known (a snapshot's name is in its header). */
    private final Map<ListSource, String> sourceNames = new LinkedHashMap<>();
    /** Why a configured list, or an uploaded one, is not served: by list name (or file, if the name is unknown). */
    private final Map<String, String> failures = new ConcurrentHashMap<>(); // read lock-free by every request
    /** What admins put and deleted; guarded by this registry's monitor, written holding {@link #loadLock}. */
    private ServedListsManifest manifest = ServedListsManifest.EMPTY;
    /** Why the manifest could not be read at start; puts and deletes are refused then rather than overwrite it. */
    private @Nullable String manifestProblem;

    private @Nullable Path workDir;
    private boolean ownsWorkDir;
    private @Nullable FileChannel workDirLock;
    private boolean started;
    private boolean closed;
    private @Nullable ListFileWatcher watcher;
    /**
     * The {@linkplain ListAccess#key keys} of the lists configured {@code live-changes: false} ({@link
     * ListAccess#liveChanges}).
     */
    private final Set<String> writtenWhole;

    ListRegistry(ListsConfiguration config) {
        this(config, FollowConfiguration.NONE);
    }

    ListRegistry(ListsConfiguration config, FollowConfiguration follow) {
        this(config, follow, CompactionConfiguration.DEFAULTS);
    }

    ListRegistry(ListsConfiguration config, FollowConfiguration follow, CompactionConfiguration compaction) {
        this(config, follow, compaction, List.of());
    }

    /** @param access the per-list settings: a list with {@code live-changes: false} refuses {@link #change}. */
    @Inject
    ListRegistry(
            ListsConfiguration config,
            FollowConfiguration follow,
            CompactionConfiguration compaction,
            List<ListAccess> access) {
        this.config = config;
        this.follow = follow;
        this.compaction = compaction;
        this.writtenWhole = access.stream()
                .filter(a -> Boolean.FALSE.equals(a.liveChanges()))
                .map(a -> ListAccess.key(a.name()))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.current = new AtomicReference<>(new ListCatalog(Map.of(), config.minQuality()));
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        start();
    }

    /**
     * Resolves the configured sources, takes the work directory, and starts loading the lists in the background
     * (idempotent).
     *
     * @throws IllegalArgumentException if a configured list spec is invalid, none is configured and
     *     {@code hashlists/demo} cannot be found, or the work directory cannot be created or is used by another
     *     process
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        List<ListSource> configured = configuredSources();
        List<ListSource.Followed> followed = new ArrayList<>();
        for (String spec : follow.sourceSpecs()) {
            followed.add(ListSource.Followed.parse(spec));
        }
        try {
            workDir();
        } catch (IOException e) {
            throw new IllegalArgumentException("work directory: " + oneLine(e), e);
        }
        if (!followed.isEmpty()) {
            java.net.http.HttpClient http = ListFollower.newHttpClient();
            for (ListSource.Followed f : followed) {
                followers.put(f, new ListFollower(f, http));
            }
        }
        List<ListSource> all = new ArrayList<>(configured);
        all.addAll(followed);
        sources = List.copyOf(all);
        Thread loader = new Thread(() -> loadInitial(configured, followed), "hashmatch-list-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /** The lists to serve: the configured ones, or the demo list found above the working directory or the jar. */
    private List<ListSource> configuredSources() {
        List<ListSource> sources = new ArrayList<>();
        for (String spec : config.listSpecs()) {
            sources.add(ListSource.parse(spec));
            if (!config.allowMissingLists()) {
                ListSource.requireFiles(spec);
            }
        }
        if (sources.isEmpty() && follow.sourceSpecs().isEmpty()) {
            Path demo = ListSource.findDemoDir(Path.of(""));
            if (demo == null) {
                demo = ListSource.findDemoDir(jarDirectory());
            }
            if (demo == null) {
                throw new IllegalArgumentException(
                        "no list configured (hashmatch.lists, --list FILE) and no hashlists/demo"
                                + " folder found above " + Path.of("").toAbsolutePath() + " to serve the demo list");
            }
            sources.add(ListSource.demo(demo));
        }
        return sources;
    }

    private static Path jarDirectory() {
        try {
            Path dir = Path.of(ListRegistry.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getParent();
            return dir != null ? dir : Path.of("");
        } catch (Exception e) {
            return Path.of("");
        }
    }

    /** The current catalog: never null (set by the constructor, then only replaced). */
    private ListCatalog catalog() {
        return Objects.requireNonNull(current.get());
    }

    private void loadInitial(List<ListSource> configured, List<ListSource.Followed> followed) {
        try {
            try {
                loadManifest();
            } catch (IOException e) {
                LOG.error("lists put through the API are not served: {}", oneLine(e));
                synchronized (this) {
                    failures.put(ServedListsManifest.FILE_NAME, oneLine(e));
                }
            }
            List<ListSource> all = new ArrayList<>(configured);
            all.addAll(followed);
            for (ListSource s : all) {
                try {
                    load(s);
                } catch (Exception e) {
                    LOG.error("list {} not loaded: {}", describe(s), oneLine(e));
                    recordFailure(s, e);
                }
            }
            if (config.watch()) {
                startWatcher(configured);
            }
            startPolling(followed);
        } finally {
            initialLoad.countDown();
        }
    }

    /** Reads the manifest, deletes the work files it does not name, and serves the uploads it names. */
    private void loadManifest() throws IOException {
        loadLock.lock();
        try {
            Path dir = workDir();
            try (var files = Files.list(dir)) {
                // new files never take the name of one left here, whatever the manifest says
                files.forEach(f ->
                        sequence.accumulateAndGet(sequenceOf(f.getFileName().toString()), Math::max));
            }
            ServedListsManifest m;
            try {
                m = ServedListsManifest.read(dir);
            } catch (IOException e) {
                synchronized (this) {
                    manifestProblem = oneLine(e);
                }
                throw e;
            }
            synchronized (this) {
                manifest = m;
            }
            deleteUnlisted(dir, m);
            for (Map.Entry<String, String> u : m.uploads().entrySet()) {
                String name = u.getKey();
                Path file = dir.resolve(u.getValue());
                try {
                    ListVersion version = openLive(file, UPLOAD);
                    if (!version.name().equals(name)) {
                        releaseUnused(version);
                        throw new IOException(file + " holds list '" + version.name() + "', not '" + name + "'");
                    }
                    noteVersionLabel(name, version.info().version());
                    synchronized (this) {
                        if (closed) {
                            releaseUnused(version);
                            return;
                        }
                        swap(name, version);
                    }
                    LOG.info(
                            "serving uploaded list {} version {} again",
                            name,
                            version.info().version());
                } catch (IOException | RuntimeException e) {
                    LOG.error("uploaded list {} not loaded: {}", name, oneLine(e));
                    synchronized (this) {
                        failures.put(name, "the uploaded list cannot be loaded: " + oneLine(e));
                    }
                }
            }
        } finally {
            loadLock.unlock();
        }
    }

    /**
     * Deletes what earlier runs left in the work directory and the manifest does not name: snapshots and metadata
     * of replaced or deleted versions, copies of configured lists (made again), temporary files of interrupted
     * writes. Files of other kinds are left alone.
     */
    private static void deleteUnlisted(Path dir, ServedListsManifest m) throws IOException {
        List<Path> entries;
        try (var files = Files.list(dir)) {
            entries = files.toList();
        }
        for (Path p : entries) {
            String f = p.getFileName().toString();
            boolean listed = m.uploads().values().stream()
                    .anyMatch(u -> f.equals(u)
                            || f.equals(u + ListDelta.EXTENSION)
                            || (f.startsWith(u + ".") && f.endsWith(".meta")));
            boolean ours = f.endsWith(ListSource.SNAPSHOT_EXTENSION)
                    || f.endsWith(ListDelta.EXTENSION)
                    || f.endsWith(".meta")
                    || f.endsWith(".tmp")
                    || f.startsWith(INPUT_PREFIX)
                    || f.startsWith(UPLOAD_PREFIX);
            if (ours && !listed) {
                deleteTree(p);
                LOG.info("deleted {}: left by an earlier run, not served", p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var files = Files.list(p)) {
                for (Path c : files.toList()) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    /** The number N of a work file {@code <name>.<N>.hmsnap}, or 0. */
    private static long sequenceOf(String fileName) {
        java.util.regex.Matcher m = WORK_FILE.matcher(fileName);
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    private synchronized void startWatcher(List<ListSource> configured) {
        if (closed) {
            return;
        }
        try {
            watcher = ListFileWatcher.start(configured, this::reload);
        } catch (IOException e) {
            LOG.error("list files are not watched: {}", oneLine(e));
        }
    }

    /** Polls each followed source every {@link FollowConfiguration#interval()}, one source at a time. */
    private synchronized void startPolling(List<ListSource.Followed> followed) {
        if (closed || followed.isEmpty()) {
            return;
        }
        ScheduledExecutorService p = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hashmatch-list-follower");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, follow.interval().toMillis());
        for (ListSource.Followed f : followed) {
            // reload() catches what a poll throws, so the future never completes exceptionally
            var _ = p.scheduleWithFixedDelay(() -> reload(f), millis, millis, TimeUnit.MILLISECONDS);
        }
        poller = p;
    }

    /**
     * Called by the watcher when a file of {@code source} changed: loads it again, unless an admin has put or
     * deleted its list since. A source that failed before is tried again the same way.
     */
    void reload(ListSource source) {
        synchronized (this) {
            if (closed || !sources.contains(source) || overridden(source)) {
                return;
            }
        }
        try {
            load(source);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (Exception e) {
            LOG.error("list {} not reloaded, the served version stays: {}", describe(source), oneLine(e));
            recordFailure(source, e);
        }
    }

    private IOException unreadableManifest() {
        return new IOException("the record of admin changes cannot be read (" + manifestProblem
                + "): fix or remove it, then restart; it is not overwritten meanwhile");
    }

    /** Whether an admin's put or delete decides the list of {@code source}. Holding this monitor. */
    private boolean overridden(ListSource source) {
        String name = sourceNames.get(source);
        return name != null && manifest.overrides(name);
    }

    /** Records why {@code source} is not served, unless an earlier version of it still is. */
    private synchronized void recordFailure(ListSource source, Exception e) {
        String name = sourceNames.get(source);
        if (closed
                || overridden(source)
                || (name != null && catalog().versions().containsKey(name))) {
            return;
        }
        failures.put(failureKey(source), oneLine(e));
    }

    /** The list name of {@code source} if known, else its file. */
    private String failureKey(ListSource source) {
        String name = sourceNames.get(source);
        if (name != null) {
            return name;
        }
        return switch (source) {
            case ListSource.SnapshotFile f -> f.file().toString();
            case ListSource.ListFiles l -> l.name();
            case ListSource.Followed f -> f.toString();
        };
    }

    /** Loads a source completely from a settled copy, then swaps it in unless an admin put or deleted its name. */
    private void load(ListSource source)
            throws IOException, FileFormatException, ListImportException, InterruptedException {
        loadLock.lock();
        try {
            synchronized (this) {
                if (closed || overridden(source)) {
                    return;
                }
            }
            ListVersion version =
                    switch (source) {
                        case ListSource.SnapshotFile f -> copySnapshot(f.file());
                        case ListSource.ListFiles l -> importFiles(l);
                        case ListSource.Followed f -> fetchPublished(f);
                    };
            if (version == null) {
                return; // a followed list whose publication has not changed
            }
            synchronized (this) {
                if (closed) {
                    releaseUnused(version);
                    return;
                }
                failures.remove(failureKey(source));
                sourceNames.put(source, version.name());
                if (manifest.overrides(version.name())) {
                    releaseUnused(version);
                    LOG.info("list {} of {} not served: an admin put or deleted it", version.name(), describe(source));
                    return;
                }
                failures.remove(version.name());
                swap(version.name(), version);
            }
            LOG.info(
                    "serving list {} version {} ({} entries, checksum {})",
                    version.name(),
                    version.info().version(),
                    version.info().entries(),
                    version.info().checksum());
        } finally {
            loadLock.unlock();
        }
    }

    /** The followed list's new publication, downloaded into the work directory and verified; null if none. */
    private @Nullable ListVersion fetchPublished(ListSource.Followed source) throws IOException, InterruptedException {
        ListFollower follower = Objects.requireNonNull(followers.get(source));
        ListFollower.Fetched f = follower.poll(this::newWorkFile);
        if (f == null) {
            return null;
        }
        return new ListVersion(f.snapshot(), "follow:" + source, Instant.now(), List.of(f.file()));
    }

    /**
     * What each followed source serves and whether its last poll failed (a refused publication, an unreachable
     * source), in the order configured.
     */
    synchronized List<ListFollower.Status> following() {
        List<ListFollower.Status> out = new ArrayList<>();
        for (ListSource s : sources) {
            if (s instanceof ListSource.Followed f) {
                ListFollower follower = followers.get(f);
                if (follower != null) {
                    out.add(follower.status());
                }
            }
        }
        return out;
    }

    /** Copies a snapshot (and its metadata file, if any) into the work directory once settled, and opens the copy. */
    private ListVersion copySnapshot(Path file) throws IOException {
        String base = file.getFileName().toString();
        base = base.substring(0, base.length() - ListSource.SNAPSHOT_EXTENSION.length());
        Path copy = newWorkFile(base);
        List<Path> owned = new ArrayList<>();
        owned.add(copy);
        try {
            SettledCopy.copy(file, copy, config.settleTime(), maxSettleWait(), false);
            HashListSnapshot s = HashListSnapshot.open(copy);
            try {
                Path copyMeta = s.metadataPath();
                String suffix = copyMeta.getFileName()
                        .toString()
                        .substring(copy.getFileName().toString().length());
                Path sourceMeta = file.resolveSibling(file.getFileName() + suffix);
                if (Files.isRegularFile(sourceMeta)) {
                    owned.add(copyMeta);
                    SettledCopy.copy(sourceMeta, copyMeta, config.settleTime(), maxSettleWait(), false);
                }
                return new ListVersion(s, "file:" + file.getFileName(), Instant.now(), owned);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            for (Path p : owned) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
    }

    /** Copies the list files into the work directory once each has settled and is complete, and imports the copies. */
    private ListVersion importFiles(ListSource.ListFiles l)
            throws IOException, FileFormatException, ListImportException {
        Path inputs = Files.createDirectory(workDir().resolve(INPUT_PREFIX + sequence.incrementAndGet()));
        Map<Path, Path> originals = new LinkedHashMap<>();
        try {
            List<ListImport.Source> copies = new ArrayList<>();
            for (ListImport.Source s : l.inputs()) {
                // one folder per input keeps each file's name (format detection and messages use it)
                Path copy = Files.createDirectory(inputs.resolve(Integer.toString(copies.size())))
                        .resolve(s.file().getFileName());
                SettledCopy.copy(s.file(), copy, config.settleTime(), maxSettleWait(), true);
                copies.add(new ListImport.Source(copy, s.options()));
                originals.put(copy, s.file());
            }
            return importVersion(newWorkFile(l.name()), l.name(), copies, nextVersionLabel(l.name()), origin(l));
        } catch (ListImportException | FileFormatException e) {
            // the message names the original files, which the operator knows, not the copies
            String m = oneLine(e);
            for (Map.Entry<Path, Path> c : originals.entrySet()) {
                m = m.replace(c.getKey().toString(), c.getValue().toString());
            }
            throw new IOException(m, e);
        } finally {
            deleteTree(inputs);
        }
    }

    /** How long a loader waits for a file being written before giving up until its next change. */
    private Duration maxSettleWait() {
        Duration tenfold = config.settleTime().multipliedBy(10);
        return tenfold.compareTo(MIN_SETTLE_WAIT) > 0 ? tenfold : MIN_SETTLE_WAIT;
    }

    /** A new snapshot file name of the work directory, {@code <base>.<N>.hmsnap}. */
    private Path newWorkFile(String base) throws IOException {
        return workDir().resolve(base + "." + sequence.incrementAndGet() + ListSource.SNAPSHOT_EXTENSION);
    }

    private static String origin(ListSource.ListFiles l) {
        return "file:"
                + String.join(
                        ",",
                        l.files().stream().map(p -> p.getFileName().toString()).toList());
    }

    /** Version labels of imports without one: 1, 2, 3... per list name, counting every load of this process. */
    private String nextVersionLabel(String name) {
        return Integer.toString(versionCounters.merge(name, 1, Integer::sum));
    }

    /** Continues the numbering of {@link #nextVersionLabel} after a numeric label read back. */
    private void noteVersionLabel(String name, String label) {
        if (label.matches("[0-9]{1,9}")) {
            versionCounters.merge(name, Integer.parseInt(label), Math::max);
        }
    }

    /** Imports {@code inputs} into snapshot {@code target} of the work directory and opens it. */
    private ListVersion importVersion(
            Path target, String name, List<ListImport.Source> inputs, String versionLabel, String origin)
            throws IOException, FileFormatException, ListImportException {
        ImportReport report = ListImporter.importLists(inputs, name, versionLabel, target);
        List<Path> owned = List.of(report.snapshot(), report.metadata());
        try {
            return new ListVersion(HashListSnapshot.open(report.snapshot()), origin, Instant.now(), owned);
        } catch (IOException | RuntimeException e) {
            for (Path p : owned) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
    }

    /**
     * Imports a list uploaded through the API (any format hashmatch reads, {@code options} as for
     * {@code hashmatch list import}) as list {@code name} and swaps it in. From then on the name is not reloaded from a
     * file: the upload is the list until the next put or delete.
     *
     * @param versionLabel the version label; null: the next number of this name (1, 2, ...)
     * @return the new version's description
     * @throws IllegalArgumentException if the name is invalid
     * @throws ListImportException if the list has an invalid line (nothing changed); its file is {@code body}
     * @throws IOException if the work directory cannot be written, or its record of admin changes could not be
     *     read at start (nothing changed)
     * @throws FileFormatException if the written snapshot cannot be read back (nothing changed)
     * @throws IllegalStateException if the registry was closed meanwhile (the server is stopping)
     */
    public ListInfo put(String name, byte[] list, ReadOptions options, @Nullable String versionLabel)
            throws IOException, ListImportException, FileFormatException {
        ListSource.checkName(name);
        loadLock.lock();
        try {
            Path dir = workDir().resolve(UPLOAD_PREFIX + sequence.incrementAndGet());
            Files.createDirectory(dir);
            Path body = dir.resolve("body"); // errors name the file "body"
            try {
                Files.write(body, list);
                Path target = newWorkFile(name);
                ImportReport report = ListImporter.importLists(
                        List.of(new ListImport.Source(body, options)),
                        name,
                        versionLabel == null ? nextVersionLabel(name) : versionLabel,
                        target);
                ListVersion version;
                try {
                    version = openLive(report.snapshot(), UPLOAD);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(report.snapshot());
                    Files.deleteIfExists(report.metadata());
                    throw e;
                }
                synchronized (this) {
                    if (manifestProblem != null) {
                        releaseUnused(version);
                        throw unreadableManifest();
                    }
                }
                commitUpload(name, target, version);
                LOG.info(
                        "serving uploaded list {} version {} ({} entries)",
                        name,
                        version.info().version(),
                        version.info().entries());
                return version.info();
            } finally {
                Files.deleteIfExists(body);
                Files.deleteIfExists(dir);
            }
        } finally {
            loadLock.unlock();
        }
    }

    /**
     * Opens a work-directory snapshot with its delta (created empty if there is none): a list that changes live.
     * Its snapshot, metadata and delta files belong to the version (deleted when it is replaced or deleted).
     */
    private static ListVersion openLive(Path file, String origin) throws IOException {
        HashListSnapshot s = HashListSnapshot.open(file);
        try {
            ListDelta delta = ListDelta.open(ListDelta.pathFor(file), s);
            return new ListVersion(
                    s, delta, origin, Instant.now(), List.of(file, s.metadataPath(), ListDelta.pathFor(file)));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Serves a new empty list {@code name} that changes live (an HMA bank), kept across restarts like an upload.
     *
     * @return false if a list of that name is already served (nothing changed)
     * @throws IllegalArgumentException if the name is invalid
     * @throws IOException if the work directory cannot be written (nothing changed)
     */
    public boolean create(String name) throws IOException {
        ListSource.checkName(name);
        loadLock.lock();
        try {
            synchronized (this) {
                if (closed || catalog().versions().containsKey(name)) {
                    return false;
                }
                if (manifestProblem != null) {
                    throw unreadableManifest();
                }
            }
            Path target = newWorkFile(name);
            SnapshotWriter.create(name, nextVersionLabel(name)).write(target);
            ListVersion version = openLive(target, UPLOAD);
            commitUpload(name, target, version);
            LOG.info("serving new empty list {}", name);
            return true;
        } finally {
            loadLock.unlock();
        }
    }

    /**
     * Serves list {@code name} as the new version {@code fill} writes into an empty {@link SnapshotWriter} of that name
     * (entries with any hash kind, videos included), kept across restarts like an upload and changing live afterwards.
     * It replaces the version served and the changes made to that one (requests in flight finish on it).
     *
     * @return the new version's description
     * @throws IllegalArgumentException if the name is invalid, or {@code fill} writes something the writer refuses
     *     (nothing changed)
     * @throws IOException if the work directory cannot be written (nothing changed)
     * @throws IllegalStateException if the registry was closed meanwhile (the server is stopping)
     */
    public ListInfo write(String name, Consumer<SnapshotWriter> fill) throws IOException {
        ListSource.checkName(name);
        loadLock.lock();
        try {
            synchronized (this) {
                if (manifestProblem != null) {
                    throw unreadableManifest();
                }
            }
            SnapshotWriter w = SnapshotWriter.create(name, nextVersionLabel(name));
            fill.accept(w);
            Path target = newWorkFile(name);
            w.write(target);
            ListVersion version;
            try {
                version = openLive(target, UPLOAD);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(target);
                throw e;
            }
            commitUpload(name, target, version);
            LOG.info(
                    "serving list {} version {} ({} entries)",
                    name,
                    version.info().version(),
                    version.info().entries());
            return version.info();
        } finally {
            loadLock.unlock();
        }
    }

    /**
     * Adds entries to and removes entries from the served list {@code name}, durably: once this returns, every match
     * that starts sees the change (no reload, nothing to wait for: the addition is matchable when this returns). A
     * list whose changes are due for compaction ({@link CompactionConfiguration}) is then compacted in the background
     * ({@link #compactInBackground}); entry numbers stay the same.
     *
     * @return the entry numbers of the additions, in order
     * @throws UnknownListException if no such list is served
     * @throws IllegalStateException if the list does not change live (a configured file: change the file instead; a
     *     list configured {@code live-changes: false}: its owner writes it whole)
     * @throws IllegalArgumentException if a removal names no live entry (nothing changed)
     * @throws IOException if the change cannot be written (nothing changed)
     */
    public int[] change(String name, List<? extends ListDelta.Change> changes)
            throws IOException, UnknownListException {
        loadLock.lock();
        try {
            ListVersion version;
            synchronized (this) {
                version = catalog().versions().get(name);
            }
            if (version == null) {
                throw new UnknownListException(List.of(name), names(), failures());
            }
            if (!changesLive(name)) {
                throw new IllegalStateException(
                        "list '" + name + "' is written whole by its owner (hashmatch.list-access." + name
                                + ".live-changes: false), whose next version would drop the change");
            }
            ListDelta delta = version.delta();
            if (delta == null) {
                throw new IllegalStateException(
                        "list '" + name + "' is served from a configured file: change the file, or upload the list");
            }
            int[] added = delta.append(changes);
            ListDelta.View view = delta.view();
            if (!isCompactionHeld(name) && compaction.due((long) view.added() + view.removals(), view.baseEntries())) {
                scheduleCompaction(name);
            }
            return added;
        } finally {
            loadLock.unlock();
        }
    }

    /**
     * Whether list {@code name} takes entry-by-entry changes ({@link #change}), as its setting says
     * ({@link ListAccess#liveChanges}, the name matched without regard to case; served or not).
     */
    public boolean changesLive(String name) {
        return !writtenWhole.contains(ListAccess.key(name));
    }

    /**
     * Holds the compaction of list {@code name} until the returned handle is closed, then compacts it if it is due:
     * for a writer that changes a list batch after batch (an exchange sync), which would otherwise rewrite the whole
     * list every {@link CompactionConfiguration#afterChanges()} changes while it grows (each time a new snapshot with
     * all its indexes) instead of once at the end. Lookups stay fast meanwhile: the delta's additions are indexed.
     * A compaction already running finishes. Holds nest; closing a handle twice releases it once.
     */
    public CompactionHold holdCompaction(String name) {
        synchronized (this) {
            compactionHeld.merge(name, 1, Integer::sum);
        }
        return new CompactionHold(name);
    }

    private synchronized boolean isCompactionHeld(String name) {
        return compactionHeld.containsKey(name);
    }

    /** A hold on a list's compaction ({@link #holdCompaction}); closing it lets the list compact again. */
    public final class CompactionHold implements AutoCloseable {
        private final String name;
        private boolean released;

        private CompactionHold(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            int holders;
            synchronized (ListRegistry.this) {
                holders = compactionHeld.getOrDefault(name, 1);
                if (holders > 1) {
                    compactionHeld.put(name, holders - 1);
                } else {
                    compactionHeld.remove(name);
                }
            }
            if (holders <= 1) {
                compactIfDue(name);
            }
        }
    }

    /** Schedules the compaction of {@code name} if its delta is due. */
    private void compactIfDue(String name) {
        ListVersion version;
        synchronized (this) {
            version = catalog().versions().get(name);
        }
        ListDelta delta = version == null ? null : version.delta();
        if (delta != null) {
            ListDelta.View view = delta.view();
            if (compaction.due((long) view.added() + view.removals(), view.baseEntries())) {
                scheduleCompaction(name);
            }
        }
    }

    /** Starts compacting list {@code name} in the background, unless a compaction of it is running. */
    private void scheduleCompaction(String name) {
        ExecutorService c;
        synchronized (this) {
            if (closed || !compacting.add(name)) {
                return;
            }
            c = compactor;
            if (c == null) {
                c = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "hashmatch-compactor");
                    t.setDaemon(true);
                    return t;
                });
                compactor = c;
            }
        }
        c.execute(() -> {
            try {
                compactInBackground(name);
            } catch (Exception e) {
                LOG.error("list {} not compacted, its delta stays in use: {}", name, oneLine(e));
            } finally {
                compacting.remove(name);
            }
        });
    }

    /**
     * Folds the delta of list {@code name} into a new snapshot version and serves it, without blocking lookups:
     * <ol>
     *   <li>takes a view of the delta (lock-free) and writes base + view into a new snapshot and metadata store,
     *       then opens it with a new, empty delta: lookups and changes go on against the served version meanwhile;
     *   <li>holding the load lock (changes wait, lookups do not), appends what was changed since the view to the new
     *       delta (the same entry numbers: compaction keeps them), then records the new version in the manifest and
     *       swaps it in with one atomic step; lookups in flight finish on the old version, which is then closed and
     *       its files deleted.
     * </ol>
     * Until the manifest names the new snapshot, a crash leaves the old snapshot and delta as the list (the new
     * files are deleted at the next start as unlisted); once it does, the new files hold every committed change.
     * If the list was replaced or deleted meanwhile, the new version is discarded.
     */
    void compactInBackground(String name) throws IOException {
        ListCatalog held;
        while (true) {
            held = catalog();
            if (held.tryRetain()) {
                break;
            }
        }
        ListVersion compacted = null;
        Path target = null;
        try {
            ListVersion old = held.versions().get(name);
            ListDelta delta = old == null ? null : old.delta();
            if (old == null || delta == null) {
                return;
            }
            ListDelta.View view = delta.view();
            compactionPhase.accept("view");
            target = newWorkFile(name);
            ListCompaction.compact(old.snapshot(), view, target, nextVersionLabel(name));
            compactionPhase.accept("written");
            compacted = openLive(target, UPLOAD);
            compactionPhase.accept("opened");
            loadLock.lock();
            try {
                ListVersion served;
                synchronized (this) {
                    served = closed ? null : catalog().versions().get(name);
                }
                if (served != old) {
                    LOG.info("list {} changed meanwhile: compaction discarded", name);
                    return;
                }
                List<ListDelta.Change> since = delta.view().changesSince(view);
                if (!since.isEmpty()) {
                    Objects.requireNonNull(compacted.delta()).append(since);
                }
                compactionPhase.accept("caught-up");
                ListVersion done = compacted;
                compacted = null; // served by commitUpload, or released by it when it fails
                commitUpload(name, target, done);
                compactionPhase.accept("committed");
                LOG.info(
                        "compacted list {} into version {} ({} entries, {} changes carried over)",
                        name,
                        done.info().version(),
                        done.info().entries(),
                        since.size());
            } finally {
                loadLock.unlock();
            }
        } finally {
            if (compacted != null) {
                releaseUnused(compacted); // deletes its files
            } else if (target != null) {
                deleteIfNotServed(target);
            }
            held.release();
        }
    }

    /** Deletes a compaction's snapshot file (and its metadata) that never got served. */
    private void deleteIfNotServed(Path target) {
        synchronized (this) {
            for (ListVersion v : catalog().versions().values()) {
                if (v.ownsFile(target)) {
                    return;
                }
            }
        }
        try {
            Files.deleteIfExists(target);
            Files.deleteIfExists(ListDelta.pathFor(target));
            Path dir = target.toAbsolutePath().getParent();
            String prefix = target.getFileName() + ".";
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        String n = f.getFileName().toString();
                        if (n.startsWith(prefix) && n.endsWith(".meta")) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", target, e.toString());
        }
    }

    /** Calls {@code hook} with the name of each step a compaction reaches (for tests that stop a process there). */
    void onCompactionPhase(Consumer<String> hook) {
        compactionPhase = Objects.requireNonNull(hook);
    }

    /** Whether a compaction of {@code name} is scheduled or running (for tests). */
    boolean isCompacting(String name) {
        return compacting.contains(name);
    }

    /** Records {@code target} as list {@code name} in the manifest and serves it. Called holding the load lock. */
    private void commitUpload(String name, Path target, ListVersion version) throws IOException {
        synchronized (this) {
            if (closed) {
                releaseUnused(version);
                throw new IllegalStateException("the list registry is closed");
            }
            ServedListsManifest next =
                    manifest.withUpload(name, target.getFileName().toString());
            try {
                next.write(workDir()); // durable before it is served: a crash now keeps the upload
            } catch (IOException | RuntimeException e) {
                releaseUnused(version);
                throw e;
            }
            manifest = next;
            failures.remove(name);
            swap(name, version);
        }
    }

    /**
     * Stops serving list {@code name} (requests in flight finish on it), also after a restart: a configured list of
     * that name is not loaded again until an admin puts it. A configured list that failed to load can be deleted too.
     *
     * @return false if no such list was served or failed to load
     * @throws IOException if the deletion cannot be recorded in the work directory (nothing changed)
     */
    public boolean delete(String name) throws IOException {
        loadLock.lock();
        try {
            synchronized (this) {
                if (closed || (!catalog().versions().containsKey(name) && !failures.containsKey(name))) {
                    return false;
                }
                if (manifestProblem != null) {
                    throw unreadableManifest();
                }
                ServedListsManifest next = manifest.withDeletion(name);
                next.write(workDir());
                manifest = next;
                failures.remove(name);
                swap(name, null);
                return true;
            }
        } finally {
            loadLock.unlock();
        }
    }

    /**
     * Makes a catalog with {@code version} as list {@code name} (null: without it) current, and retires the old
     * catalog. Returns whether the name was served before. Called holding this registry's monitor, after checking
     * that it is not closed.
     */
    private boolean swap(String name, @Nullable ListVersion version) {
        ListCatalog old;
        ListCatalog next;
        synchronized (this) {
            old = catalog();
            Map<String, ListVersion> versions = new LinkedHashMap<>(old.versions());
            boolean existed = versions.containsKey(name);
            if (version == null) {
                if (!existed) {
                    return false;
                }
                versions.remove(name);
            } else {
                versions.put(name, version);
            }
            next = new ListCatalog(versions, config.minQuality());
            current.set(next);
            old.release();
            return existed;
        }
    }

    private static void releaseUnused(ListVersion version) {
        version.retain();
        version.release();
    }

    /**
     * The current lists, held until the lease is closed. Never blocks; never fails (the lease may be empty).
     */
    public ListLease acquire() {
        while (true) {
            ListCatalog c = catalog();
            if (c.tryRetain()) {
                return new ListLease(c, failures());
            }
        }
    }

    /** Whether the initial load has finished and at least one list is served. */
    public boolean isReady() {
        return initialLoad.getCount() == 0 && !catalog().versions().isEmpty();
    }

    /**
     * The lists that should be served and are not, with why: configured lists that failed to load (until they load,
     * or an admin puts or deletes their name) and uploaded lists that could not be opened at start. Keyed by list
     * name, or by file for a snapshot that never opened.
     */
    public Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    /** Waits until the initial load has finished (whatever its outcome). */
    public void awaitInitialLoad() throws InterruptedException {
        initialLoad.await();
    }

    /** Waits for the initial load; returns {@link #isReady()}. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        initialLoad.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return isReady();
    }

    /** The names of the served lists, in order. */
    public List<String> names() {
        return List.copyOf(catalog().versions().keySet());
    }

    private synchronized Path workDir() throws IOException {
        if (workDir == null) {
            Path dir;
            boolean owned = config.workDir() == null;
            if (!owned) {
                dir = Files.createDirectories(Path.of(config.workDir()));
            } else {
                dir = Files.createTempDirectory("hashmatch-serve-");
            }
            FileChannel lock =
                    FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                java.nio.channels.FileLock held;
                try {
                    held = lock.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    held = null; // another registry of this process holds it
                }
                if (held == null) {
                    throw new IOException(dir + " is used by another hashmatch serve (" + LOCK_FILE
                            + " is locked): give each instance its own hashmatch.work-dir");
                }
            } catch (IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
            workDirLock = lock;
            // the lock makes this process the folder's only writer, and it has written nothing yet
            for (Path p : DurableFiles.deleteTemporaries(dir)) {
                LOG.info("deleted {}: a replacement interrupted by a crash", p);
            }
            ownsWorkDir = owned;
            workDir = dir;
        }
        return workDir;
    }

    /**
     * The work directory, created and locked if it was not yet: where state that must live as long as the served
     * lists is kept (an exchange's sync ledger, beside the lists it changes).
     *
     * @throws IOException if it cannot be created or another process uses it
     */
    public Path dataDirectory() throws IOException {
        return workDir();
    }

    /** The directory where imported snapshots are written, once created (for tests). */
    synchronized @Nullable Path workDirectory() {
        return workDir;
    }

    /**
     * Stops watching, stops serving every list (closed when requests in flight finish) and deletes the temporary
     * work directory if the registry created it. A compaction or a poll of a followed list that is running is
     * interrupted and waited for: once this returns, the registry writes no more files.
     */
    @PreDestroy
    @Override
    public void close() {
        ListFileWatcher w;
        ScheduledExecutorService p;
        ExecutorService c;
        ListCatalog old;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            w = watcher;
            watcher = null;
            p = poller;
            poller = null;
            c = compactor;
            compactor = null;
            old = catalog();
            if (!ownsWorkDir) {
                // the uploads stay for the next start; copies of configured lists are made again
                for (ListVersion v : old.versions().values()) {
                    if (manifest.uploads().containsKey(v.name())) {
                        v.keepFiles();
                    }
                }
            }
            current.set(new ListCatalog(Map.of(), config.minQuality()));
        }
        if (w != null) {
            w.close();
        }
        // a compaction or a poll still running would write files after close returns (into a directory the
        // caller may be deleting): interrupt them and wait until they have cleaned up
        stop(c, "compaction");
        stop(p, "poll of a followed list");
        old.release();
        Path dir = workDir;
        FileChannel lock = workDirLock;
        try {
            if (ownsWorkDir && dir != null) {
                Files.deleteIfExists(dir.resolve(ServedListsManifest.FILE_NAME));
            }
            if (lock != null) {
                lock.close();
            }
            if (ownsWorkDir && dir != null) {
                Files.deleteIfExists(dir.resolve(LOCK_FILE));
                try (var files = Files.list(dir)) {
                    Set<Path> left = new HashSet<>(files.toList());
                    if (left.isEmpty()) {
                        Files.deleteIfExists(dir);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot clean up {}: {}", dir, e.toString());
        }
    }

    /** Interrupts what {@code executor} runs and waits until it ends (unless this thread is interrupted). */
    private static void stop(@Nullable ExecutorService executor, String what) {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            while (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("closing the list registry: still waiting for a {} to stop", what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("closing the list registry: interrupted while waiting for a {} to stop", what);
        }
    }

    private static String describe(ListSource s) {
        return switch (s) {
            case ListSource.SnapshotFile f -> f.file().toString();
            case ListSource.Followed f -> "followed " + f;
            case ListSource.ListFiles l ->
                "'" + l.name() + "' ("
                        + String.join(
                                ", ", l.files().stream().map(Path::toString).toList()) + ")";
        };
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m).replace('\n', ' ');
    }
}
