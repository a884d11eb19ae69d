package io.hashmatch.service.lists;

import io.hashmatch.list.FileFormatException;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ImportReport;
import io.hashmatch.list.ListImportException;
import io.hashmatch.list.ListImporter;
import io.hashmatch.list.format.ListImport;
import io.hashmatch.list.format.ReadOptions;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lists the service matches against, and their hot replacement.
 *
 * <p><b>Loading.</b> When the HTTP server has started, the configured sources ({@link ListsConfiguration#lists()},
 * or the demo list) are loaded on a background thread, so the server answers at once: {@code /status} and
 * {@code /health} report "not ready" until the first load is done ({@link #isReady()}). A snapshot file is opened
 * in place and fully verified; list files are imported into a new snapshot of the work directory.
 *
 * <p><b>Swapping.</b> A new version (from {@link #put}, or a source file replaced on disk and noticed by the
 * {@link ListFileWatcher}) is loaded completely first; then one atomic step makes a new {@link ListCatalog} current.
 * A request works on the catalog it {@link #acquire() acquired}: it sees either the old or the new version, never a
 * mix or a half-written list. The old version is closed (unmapped, its work files deleted) when the last request
 * holding it finishes, so memory and disk do not grow across reloads. A version that fails to load (bad line,
 * damaged or half-written snapshot) is logged and the served one stays.
 *
 * <p>Thread-safe. Loads and imports run one at a time; {@link #acquire()} is lock-free.
 */
@Singleton
public final class ListRegistry implements ApplicationEventListener<ServerStartupEvent>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListRegistry.class);
    /** Origin of a list put through the API. */
    static final String UPLOAD = "upload";

    private final ListsConfiguration config;
    private final AtomicReference<ListCatalog> current;
    private final ReentrantLock loadLock = new ReentrantLock();
    private final CountDownLatch initialLoad = new CountDownLatch(1);
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Integer> versionCounters = new ConcurrentHashMap<>();
    /** Sources still bound to their list: a file change reloads them. A put or delete of that name unbinds it. */
    private final Map<ListSource, String> bound = new LinkedHashMap<>();

    private @Nullable Path workDir;
    private boolean ownsWorkDir;
    private boolean started;
    private boolean closed;
    private @Nullable ListFileWatcher watcher;

    ListRegistry(ListsConfiguration config) {
        this.config = config;
        this.current = new AtomicReference<>(new ListCatalog(Map.of(), config.minQuality()));
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        start();
    }

    /**
     * Resolves the configured sources and starts loading them in the background (idempotent).
     *
     * @throws IllegalArgumentException if a configured list spec is invalid, or none is configured and
     *     {@code hashlists/demo} cannot be found
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        List<ListSource> sources = configuredSources();
        Thread loader = new Thread(() -> loadInitial(sources), "hashmatch-list-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /** The lists to serve: the configured ones, or the demo list found above the working directory or the jar. */
    private List<ListSource> configuredSources() {
        List<ListSource> sources = new ArrayList<>();
        for (String spec : config.listSpecs()) {
            sources.add(ListSource.parse(spec));
        }
        if (sources.isEmpty()) {
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

    private void loadInitial(List<ListSource> sources) {
        try {
            for (ListSource s : sources) {
                try {
                    load(s);
                } catch (Exception e) {
                    LOG.error("list {} not loaded: {}", describe(s), oneLine(e));
                }
            }
            if (config.watch()) {
                startWatcher(sources);
            }
        } finally {
            initialLoad.countDown();
        }
    }

    private synchronized void startWatcher(List<ListSource> sources) {
        if (closed) {
            return;
        }
        try {
            watcher = ListFileWatcher.start(sources, this::reload);
        } catch (IOException e) {
            LOG.error("list files are not watched: {}", oneLine(e));
        }
    }

    /** Called by the watcher when a file of {@code source} was replaced: loads it again unless it was unbound. */
    void reload(ListSource source) {
        synchronized (this) {
            if (closed || !bound.containsKey(source)) {
                return;
            }
        }
        try {
            load(source);
        } catch (Exception e) {
            LOG.error("list {} not reloaded, the served version stays: {}", describe(source), oneLine(e));
        }
    }

    /** Loads a source completely, then swaps it in and binds it to its name. */
    private void load(ListSource source) throws IOException, FileFormatException, ListImportException {
        loadLock.lock();
        try {
            ListVersion version =
                    switch (source) {
                        case ListSource.SnapshotFile f ->
                            new ListVersion(
                                    HashListSnapshot.open(f.file()),
                                    "file:" + f.file().getFileName(),
                                    Instant.now(),
                                    List.of());
                        case ListSource.ListFiles l ->
                            importVersion(l.name(), l.inputs(), nextVersionLabel(l.name()), origin(l));
                    };
            synchronized (this) {
                if (closed) {
                    releaseUnused(version);
                    return;
                }
                bound.entrySet()
                        .removeIf(e -> e.getValue().equals(version.name())
                                && !e.getKey().equals(source));
                bound.put(source, version.name());
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

    /** Imports {@code inputs} into a new snapshot of the work directory and opens it. */
    private ListVersion importVersion(String name, List<ListImport.Source> inputs, String versionLabel, String origin)
            throws IOException, FileFormatException, ListImportException {
        Path target = workDir().resolve(name + "." + sequence.incrementAndGet() + ListSource.SNAPSHOT_EXTENSION);
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
     * {@code hashmatch list import}) as list {@code name} and swaps it in. The name is no longer reloaded from a
     * file afterwards: the upload is the list until the next put or delete.
     *
     * @param versionLabel the version label; null: the next number of this name (1, 2, ...)
     * @return the new version's description
     * @throws IllegalArgumentException if the name is invalid
     * @throws ListImportException if the list has an invalid line (nothing changed); its file is {@code body}
     * @throws IOException if the work directory cannot be written
     * @throws FileFormatException if the written snapshot cannot be read back (nothing changed)
     * @throws IllegalStateException if the registry was closed meanwhile (the server is stopping)
     */
    public ListInfo put(String name, byte[] list, ReadOptions options, @Nullable String versionLabel)
            throws IOException, ListImportException, FileFormatException {
        ListSource.checkName(name);
        loadLock.lock();
        try {
            Path dir = workDir().resolve("upload-" + sequence.incrementAndGet());
            Files.createDirectory(dir);
            Path body = dir.resolve("body"); // errors name the file "body"
            try {
                Files.write(body, list);
                ListVersion version = importVersion(
                        name,
                        List.of(new ListImport.Source(body, options)),
                        versionLabel == null ? nextVersionLabel(name) : versionLabel,
                        UPLOAD);
                synchronized (this) {
                    if (closed) {
                        releaseUnused(version);
                        throw new IllegalStateException("the list registry is closed");
                    }
                    bound.values().removeIf(name::equals);
                    swap(name, version);
                }
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
     * Stops serving list {@code name} (requests in flight finish on it) and unbinds it from its file.
     *
     * @return false if no such list was served
     */
    public boolean delete(String name) {
        loadLock.lock();
        try {
            synchronized (this) {
                if (closed) {
                    return false;
                }
                bound.values().removeIf(name::equals);
                return swap(name, null);
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
                return new ListLease(c);
            }
        }
    }

    /** Whether the initial load has finished and at least one list is served. */
    public boolean isReady() {
        return initialLoad.getCount() == 0 && !catalog().versions().isEmpty();
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
            if (config.workDir() != null) {
                workDir = Files.createDirectories(Path.of(config.workDir()));
            } else {
                workDir = Files.createTempDirectory("hashmatch-serve-");
                ownsWorkDir = true;
            }
        }
        return workDir;
    }

    /** The directory where imported snapshots are written, once created (for tests). */
    synchronized @Nullable Path workDirectory() {
        return workDir;
    }

    /**
     * Stops watching, stops serving every list (closed when requests in flight finish) and deletes the temporary
     * work directory if the registry created it.
     */
    @PreDestroy
    @Override
    public void close() {
        ListFileWatcher w;
        ListCatalog old;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            w = watcher;
            watcher = null;
            old = catalog();
            current.set(new ListCatalog(Map.of(), config.minQuality()));
        }
        if (w != null) {
            w.close();
        }
        old.release();
        Path dir = workDir;
        if (ownsWorkDir && dir != null) {
            try (var files = Files.list(dir)) {
                Set<Path> left = new HashSet<>(files.toList());
                if (left.isEmpty()) {
                    Files.deleteIfExists(dir);
                }
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", dir, e.toString());
            }
        }
    }

    private static String describe(ListSource s) {
        return switch (s) {
            case ListSource.SnapshotFile f -> f.file().toString();
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
