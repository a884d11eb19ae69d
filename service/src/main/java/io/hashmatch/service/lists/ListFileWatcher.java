package io.hashmatch.service.lists;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the folders of the list sources and calls back with a source when one of its files was created,
 * replaced or written. Events are gathered until the folder has been quiet for {@value #QUIET_MILLIS} ms, so a file
 * being written in several steps is reloaded once, after the last (a file replaced by an atomic rename, as
 * {@code hashmatch list import} does, is seen at once). The registry then waits for the file to settle and loads a
 * private copy of it ({@link SettledCopy}); a reload that fails keeps the served version, and the next event tries
 * again (a configured list that never loaded is tried again the same way).
 *
 * <p>Thread-safe: one daemon thread delivers the callbacks, one at a time; {@link #close} waits for it.
 */
final class ListFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListFileWatcher.class);
    /** Quiet period after the last event before reloading. */
    static final long QUIET_MILLIS = 200;

    private final WatchService service;
    private final Map<WatchKey, Path> folders = new HashMap<>();
    private final Map<Path, List<ListSource>> sourcesByFile = new HashMap<>();
    private final Consumer<ListSource> reload;
    private final Thread thread;

    private ListFileWatcher(WatchService service, Consumer<ListSource> reload) {
        this.service = service;
        this.reload = reload;
        this.thread = new Thread(this::run, "hashmatch-list-watcher");
        this.thread.setDaemon(true);
    }

    /** Starts watching the files of {@code sources}. */
    static ListFileWatcher start(List<ListSource> sources, Consumer<ListSource> reload) throws IOException {
        ListFileWatcher w = new ListFileWatcher(FileSystems.getDefault().newWatchService(), reload);
        try {
            Set<Path> dirs = new LinkedHashSet<>();
            for (ListSource s : sources) {
                for (Path f : s.files()) {
                    w.sourcesByFile.computeIfAbsent(f, k -> new ArrayList<>()).add(s);
                    dirs.add(f.getParent());
                }
            }
            for (Path dir : dirs) {
                WatchKey key = dir.register(
                        w.service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                w.folders.put(key, dir);
            }
        } catch (IOException | RuntimeException e) {
            w.service.close();
            throw e;
        }
        w.thread.start();
        return w;
    }

    private void run() {
        try {
            while (true) {
                Set<ListSource> changed = new LinkedHashSet<>();
                while (!collect(service.take(), changed)) {
                    // events of other files in a watched folder (an audit log beside the lists, say)
                }
                // the quiet period counts from the last event of a list file: other files of the folder may change
                // all the time and must not hold the reload back
                long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
                long wait;
                while ((wait = quietUntil - System.nanoTime()) > 0) {
                    WatchKey more = service.poll(wait, TimeUnit.NANOSECONDS);
                    if (more == null) {
                        break;
                    }
                    if (collect(more, changed)) {
                        quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
                    }
                }
                for (ListSource s : changed) {
                    reload.accept(s);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (RuntimeException e) {
            LOG.error("list watcher stopped: {}", e.toString());
        }
    }

    /** Adds the sources of the list files {@code key}'s events name; true if there was one. */
    private boolean collect(WatchKey key, Set<ListSource> changed) {
        Path dir = folders.get(key);
        boolean found = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (dir != null && event.context() instanceof Path name) {
                List<ListSource> sources = sourcesByFile.get(dir.resolve(name));
                if (sources != null) {
                    changed.addAll(sources);
                    found = true;
                }
            }
        }
        key.reset();
        return found;
    }

    /** How long {@link #close} waits for a callback in progress to end. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /**
     * Stops watching: a callback in progress is interrupted and waited for, up to {@link #CLOSE_WAIT}, so that once
     * this returns no reload runs. Called from a callback, it does not wait for itself.
     */
    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.warn("closing the list watcher: {}", e.toString());
        }
        thread.interrupt();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!thread.join(CLOSE_WAIT)) {
                LOG.warn("closing the list watcher: a reload still runs after {}", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("closing the list watcher: interrupted while waiting for a reload to end");
        }
    }
}
