package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploaded images are held in memory only: during and after 100 uploads (raw and multipart, match and hash routes,
 * four at a time) no temporary upload file is created in {@code java.io.tmpdir} (Micronaut names them
 * {@code FUp_*.tmp}) and the process opens no new regular file. A control run with Micronaut's
 * {@code multipart.disk=true} shows the same watch does see upload files when they are written.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class NoUploadOnDiskTest {
    /** Micronaut's temporary upload file prefix ({@code MicronautHttpData.newTempFile}). */
    static final String UPLOAD_PREFIX = "FUp_";

    @Inject
    EmbeddedServer server;

    @Inject
    ListRegistry registry;

    @TempDir
    Path tmp;

    @BeforeEach
    void ready() throws InterruptedException {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
    }

    @Test
    void hundredUploadsLeaveNothingOnDisk() throws Exception {
        Http http = new Http(server.getURL());
        byte[] image =
                DemoManifest.testImage("syn_grad_1920x1080_q90.jpg"); // over Micronaut's 16 KB mixed-mode threshold
        assertThat(image.length).isGreaterThan(64 * 1024);
        assertThat(http.postFile("/v1/match/image", "file", image).status())
                .isEqualTo(200); // warm up: classes, buffers

        Path tmpdir = Path.of(System.getProperty("java.io.tmpdir"));
        Set<String> openBefore = openRegularFiles();
        AtomicBoolean uploading = new AtomicBoolean(true);
        Set<String> openedDuring = Collections.synchronizedSet(new HashSet<>());
        Thread sampler = new Thread(() -> {
            while (uploading.get()) {
                for (String f : openRegularFiles()) {
                    if (!openBefore.contains(f)) {
                        openedDuring.add(f);
                    }
                }
            }
        });
        List<String> created;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            tmpdir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            sampler.start();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    statuses.add(clients.submit(() -> switch (n % 4) {
                        case 0 ->
                            http.postFile("/v1/match/image", "file", image).status();
                        case 1 ->
                            http.post("/v1/match/image", "image/jpeg", image).status();
                        case 2 -> http.postFile("/v1/hash/image", "file", image).status();
                        default -> http.postFile("/h/hash", "photo", image).status();
                    }));
                }
                for (Future<Integer> s : statuses) {
                    assertThat(s.get()).isEqualTo(200);
                }
            } finally {
                clients.shutdown();
                uploading.set(false);
                sampler.join();
            }
            created = uploadFilesCreated(watch);
        }
        assertThat(created).as("upload files created in %s", tmpdir).isEmpty();
        assertThat(openedDuring).as("regular files opened while uploading").isEmpty();
        try (var files = Files.list(tmpdir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(UPLOAD_PREFIX)))
                    .isEmpty();
        }
    }

    @Test
    void theWatchSeesUploadFilesWhenMicronautWritesThem() throws Exception {
        Path location = Files.createDirectory(tmp.resolve("multipart"));
        try (WatchService watch = FileSystems.getDefault().newWatchService();
                ApplicationContext ctx = ApplicationContext.run(Map.of(
                        "micronaut.server.port",
                        -1,
                        "hashmatch.watch",
                        false,
                        "hashmatch.lists",
                        List.of(),
                        "micronaut.server.multipart.disk",
                        true,
                        "micronaut.server.multipart.location",
                        location.toString()))) {
            location.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            EmbeddedServer disk = ctx.getBean(EmbeddedServer.class).start();
            byte[] image = DemoManifest.testImage("syn_grad_1920x1080_q90.jpg");
            assertThat(new Http(disk.getURL())
                            .postFile("/v1/hash/image", "file", image)
                            .status())
                    .isEqualTo(200);
            assertThat(uploadFilesCreated(watch)).isNotEmpty();
        }
    }

    /** Names of {@code FUp_*} files whose creation the watch saw. */
    private static List<String> uploadFilesCreated(WatchService watch) throws InterruptedException {
        List<String> names = new ArrayList<>();
        WatchKey key;
        while ((key = watch.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
            for (WatchEvent<?> e : key.pollEvents()) {
                if (e.context() instanceof Path p && p.getFileName().toString().startsWith(UPLOAD_PREFIX)) {
                    names.add(p.toString());
                }
            }
            key.reset();
        }
        return names;
    }

    /** Regular files this process has open ({@code /proc/self/fd}), jars and native libraries excepted. */
    static Set<String> openRegularFiles() {
        Set<String> files = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("/")
                            && !target.startsWith("/dev/")
                            && !target.startsWith("/proc/")
                            && !target.endsWith(".jar")
                            && !target.contains(".so")
                            && !target.startsWith("/usr/lib/jvm/")) {
                        files.add(target);
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return files;
    }
}
