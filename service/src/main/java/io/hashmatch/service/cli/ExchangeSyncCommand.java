package io.hashmatch.service.cli;

import io.hashmatch.service.exchange.ExchangeException;
import io.hashmatch.service.exchange.Exchanges;
import io.hashmatch.service.lists.ListRegistry;
import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch exchange sync NAME}: syncs one exchange of the configuration ({@code hashmatch.exchanges.NAME})
 * into its list in the work directory, once, and prints what changed. It takes the work directory's lock, so it runs
 * when no {@code serve} uses that directory (a running service syncs with {@code POST /v1/exchanges/NAME/sync}).
 * An interrupted sync (crash, kill) resumes where it stopped at the next run.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Syncs exchange NAME (hashmatch.exchanges.NAME of the configuration) into its list in the work directory.",
            "Incremental from the exchange's durable checkpoint; additions and deletions are applied to the list, which"
                    + " serve then matches at once. Prints pages, records, entries added and removed, malformed records"
                    + " skipped.",
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
            "0:synced",
            "1:usage error, unknown exchange, bad configuration, or credentials missing or refused",
            "2:the exchange failed (unavailable after retries, or an answer outside its protocol); what was committed"
                    + " before stays, the next sync resumes"
        })
final class ExchangeSyncCommand implements Callable<Integer> {
    @Spec
    @Nullable
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The exchange (hashmatch.exchanges.NAME).")
    String name = "";

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The configuration file (.yml/.yaml or .properties) of serve, with hashmatch.exchanges.* and"
                    + " hashmatch.work-dir.")
    @Nullable
    Path config;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "The service's work directory (hashmatch.work-dir), where the list and the checkpoint live.")
    @Nullable
    Path workDir;

    ExchangeSyncCommand() {}

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = Objects.requireNonNull(spec).commandLine();
        Map<String, Object> properties = new LinkedHashMap<>();
        if (config != null) {
            CliFiles.requireFile(cmd, config);
            properties.putAll(ServeCommand.readConfig(cmd, config));
        }
        if (workDir != null) {
            properties.put("hashmatch.work-dir", workDir.toString());
        }
        if (!properties.containsKey("hashmatch.work-dir") && System.getenv("HASHMATCH_WORK_DIR") == null) {
            throw new InvalidInputException(
                    cmd,
                    "no work directory: the synced list lives in hashmatch.work-dir (--work-dir DIR, or --config)");
        }
        properties.put("hashmatch.watch", false);
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        try (ApplicationContext ctx = ApplicationContext.builder()
                .deduceEnvironment(false)
                .banner(false)
                .properties(properties)
                .start()) {
            ListRegistry registry = ctx.getBean(ListRegistry.class);
            try {
                registry.start();
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(cmd, String.valueOf(e.getMessage()));
            }
            registry.awaitInitialLoad();
            Exchanges exchanges = ctx.getBean(Exchanges.class);
            try {
                Exchanges.Report r = exchanges.sync(name);
                out.println("hashmatch exchange sync: " + name + " -> "
                        + Objects.requireNonNull(exchanges.configuration(name)).listName() + ": " + r.pages()
                        + " pages, " + r.fetched() + " records, " + r.added() + " added, " + r.removed() + " removed, "
                        + r.malformed() + " malformed, " + r.millis() + " ms");
                out.flush();
                return ExitCodes.OK;
            } catch (ExchangeException e) {
                err.println("hashmatch exchange sync: " + e.getMessage());
                err.flush();
                return switch (e.kind()) {
                    case UNAVAILABLE, PROTOCOL -> ExitCodes.SOME_FAILED;
                    default -> ExitCodes.USAGE_OR_FATAL;
                };
            }
        }
    }
}
