package io.hashmatch.service.cli;

import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.lists.ListSource;
import io.hashmatch.service.lists.ListsConfiguration;
import io.hashmatch.service.security.ApiKeys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertiesPropertySourceLoader;
import io.micronaut.context.env.PropertySourceLoader;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch serve}: starts the HTTP match service from the same jar and blocks until the process is stopped
 * (Ctrl-C, SIGTERM) or the running thread is interrupted.
 *
 * <p>The CLI runs in a Micronaut context of the {@code cli} environment without an HTTP server; this command starts
 * a second, separate context (the default environment, {@code application.yml}) with the embedded Netty server, so
 * no server bean ever exists for the other commands. Options become configuration properties, which take precedence
 * over {@code --config FILE}, which takes precedence over {@code application.yml}; environment variables
 * ({@code HASHMATCH_LISTS}, {@code MICRONAUT_SERVER_PORT}, ...) apply as usual in Micronaut.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Starts the HTTP match service (JSON API under /v1, HMA-compatible routes /m, /h, /status).",
            "Without --list (and no hashmatch.lists in the configuration) it serves the demo list of hashlists/demo/.",
            "Lists load in the background: GET /status answers 503 until they are loaded. A list file replaced on disk"
                    + " is reloaded and swapped in atomically.",
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:stopped normally", ExitCodes.LIST_USAGE})
final class ServeCommand implements Callable<Integer> {
    @Spec
    @Nullable
    CommandSpec spec;

    @Option(
            names = "--list",
            paramLabel = "[NAME=]FILE[:KIND]",
            description = "A list to serve (repeatable): a snapshot (.hmsnap, served under the name in its header) or a"
                    + " list file in any format hashmatch reads, imported as NAME (default: the file name without extension)."
                    + " :KIND (pdq, md5, sha1, sha256) states the kind of a hex list (64 hex digits are PDQ or SHA-256)."
                    + " Replaces hashmatch.lists of the configuration.")
    List<String> lists = new ArrayList<>();

    @Option(
            names = "--follow",
            paramLabel = "URL|MANIFEST",
            description = "A published list to follow (repeatable): the http(s) URL or the path of a <list>"
                    + ".manifest.json written by 'hashmatch list publish'. Polled every --follow-interval; a new"
                    + " publication is downloaded, verified against the manifest's checksums and swapped in, a wrong"
                    + " one is refused and the served version stays (hashmatch.follow.sources).")
    List<String> follow = new ArrayList<>();

    @Option(
            names = "--follow-interval",
            paramLabel = "DURATION",
            description = "How often each followed manifest is polled, e.g. 15s (default), 500ms, 1m"
                    + " (hashmatch.follow.interval).")
    @Nullable
    String followInterval;

    @Option(
            names = "--allow-missing-lists",
            description = "Keep serving when a list fails to load at start (default: exit 1 with the reason); it is"
                    + " loaded when its file changes, and /health is DOWN until then (hashmatch.allow-missing-lists).")
    boolean allowMissingLists;

    @Option(names = "--port", paramLabel = "N", description = "TCP port (default 8080; 0: any free port).")
    @Nullable
    Integer port;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A configuration file (.yml/.yaml or .properties) with the keys of application.yml"
                    + " (hashmatch.lists, hashmatch.limits.*, micronaut.server.*).")
    @Nullable
    Path config;

    /** Counted down once the server listens (for tests). */
    final CountDownLatch started = new CountDownLatch(1);

    private volatile @Nullable EmbeddedServer server;

    ServeCommand() {}

    @Override
    @SuppressWarnings("try") // the shutdown hook closes the context early, on SIGTERM; closing it twice is a no-op
    public Integer call() throws Exception {
        CommandLine cmd = java.util.Objects.requireNonNull(spec).commandLine();
        Map<String, Object> properties = new LinkedHashMap<>();
        if (config != null) {
            CliFiles.requireFile(cmd, config);
            properties.putAll(readConfig(cmd, config));
        }
        if (allowMissingLists) {
            properties.put("hashmatch.allow-missing-lists", true);
        }
        if (!lists.isEmpty()) {
            for (String l : lists) {
                try {
                    ListSource.parse(l);
                    if (!allowMissingLists) {
                        ListSource.requireFiles(l);
                    }
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(cmd, "--list: " + e.getMessage());
                }
            }
            properties.put("hashmatch.lists", List.copyOf(lists));
        }
        if (!follow.isEmpty()) {
            for (String f : follow) {
                try {
                    ListSource.Followed.parse(f);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(cmd, "--follow: " + e.getMessage());
                }
            }
            properties.put("hashmatch.follow.sources", List.copyOf(follow));
        }
        if (followInterval != null) {
            properties.put("hashmatch.follow.interval", followInterval);
        }
        if (port != null) {
            InvalidInputException.requireRange(cmd, "--port", port, 65535);
            properties.put("micronaut.server.port", port);
        }
        PrintWriter out = cmd.getOut();
        try (ApplicationContext ctx = ApplicationContext.builder()
                .deduceEnvironment(false)
                .banner(false)
                .properties(properties)
                .start()) {
            try {
                ctx.getBean(ListRegistry.class)
                        .start(); // a bad list spec of the configuration fails here, before listening
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd, e.getMessage());
            }
            EmbeddedServer s = ctx.getBean(EmbeddedServer.class);
            s.start();
            server = s;
            out.println(
                    "hashmatch: serving on " + s.getURL() + " (lists are loading: GET /status answers 200 when ready)");
            printHowToConnect(out, ctx.getBean(ApiKeys.class), s.getURL().toString());
            out.flush();
            ListRegistry registry = ctx.getBean(ListRegistry.class);
            if (!ctx.getBean(ListsConfiguration.class).allowMissingLists()) {
                registry.awaitInitialLoad();
                Map<String, String> failures = registry.failures();
                if (!failures.isEmpty()) {
                    PrintWriter err = cmd.getErr();
                    failures.forEach(
                            (list, why) -> err.println("hashmatch serve: list '" + list + "' failed to load: " + why));
                    err.println("hashmatch serve: stopped; fix the list, or start with --allow-missing-lists to serve"
                            + " the others meanwhile");
                    err.flush();
                    return ExitCodes.USAGE_OR_FATAL;
                }
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        ctx.close();
                        stopped.countDown();
                    },
                    "hashmatch-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            started.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Runtime.getRuntime().removeShutdownHook(hook);
                Thread.currentThread().interrupt();
            }
        }
        return ExitCodes.OK;
    }

    /**
     * How to check readiness ({@code /status}, open to everyone) and, with no key configured,
     * the keys generated for this run, printed once, with a first request to try.
     */
    static void printHowToConnect(PrintWriter out, ApiKeys keys, String url) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        for (ApiKeys.DemoKey d : keys.demoKeys()) {
            out.println("hashmatch: demo API key, role " + d.role().name().toLowerCase(java.util.Locale.ROOT)
                    + " (this run only; configure your own with hashmatch keys create): " + d.key());
        }
        String key =
                keys.demoKeys().isEmpty() ? "<key>" : keys.demoKeys().get(0).key();
        out.println("hashmatch: readiness (200 I-AM-ALIVE when the lists are loaded):  curl " + base + "/status");
        if (!keys.demoKeys().isEmpty()) {
            out.println("hashmatch: try  curl -H 'X-API-Key: " + key + "' " + base + "/v1/lists");
        }
    }

    /** The port the server listens on, once started (for tests). */
    int boundPort() {
        EmbeddedServer s = server;
        if (s == null) {
            throw new IllegalStateException("not started");
        }
        return s.getPort();
    }

    /** The properties of a YAML or properties file, flattened to dotted keys. */
    static Map<String, Object> readConfig(CommandLine cmd, Path file) {
        String name = file.getFileName().toString();
        PropertySourceLoader loader;
        if (name.endsWith(".yml") || name.endsWith(".yaml")) {
            loader = new YamlPropertySourceLoader();
        } else if (name.endsWith(".properties")) {
            loader = new PropertiesPropertySourceLoader();
        } else {
            throw new InvalidInputException(cmd, "--config: " + file + " is neither .yml/.yaml nor .properties");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return loader.read(name, in);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(cmd, "--config: cannot read " + file + ": " + e.getMessage());
        }
    }
}
