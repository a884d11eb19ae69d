package io.hashmatch.service.cli;

import io.hashmatch.service.security.ApiKeys;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch keys create --role match|curate|hotline|admin [--id ID]}: prints a new random API key once, and the configuration
 * entry that makes {@code hashmatch serve} accept it (only the key's SHA-256 is stored). The key is printed nowhere
 * else and cannot be recovered from the configuration: lose it, create another.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Creates an API key: prints the key once, and the entry to add under hashmatch.security.keys in the"
                    + " configuration (application.yml or serve --config FILE), which holds only the key's SHA-256.",
            "Role match: the match and hash routes. Role admin: every route (list upload and delete, metrics).",
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:key created", ExitCodes.LIST_USAGE})
final class KeysCreateCommand implements Callable<Integer> {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The roles a key can have. */
    enum KeyRole {
        match,
        curate,
        hotline,
        admin
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "match, curate, hotline or admin.")
    KeyRole role = KeyRole.match;

    @Option(
            names = "--id",
            paramLabel = "ID",
            description = "The key's id, as it appears in the audit log (1-64 letters,"
                    + " digits, '.', '_', '-'; default: <role>-<8 random hex digits>).")
    String id = "";

    KeysCreateCommand() {}

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        String key = ApiKeys.generate();
        String keyId = id.isEmpty() ? role.name() + "-" + ApiKeys.sha256Hex(key).substring(0, 8) : id;
        if (!ID.matcher(keyId).matches()) {
            throw new InvalidInputException(
                    cmd,
                    "--id must be 1-64 letters, digits, '.', '_' or '-', starting" + " with a letter or digit: "
                            + keyId);
        }
        PrintWriter out = cmd.getOut();
        out.println("key: " + key);
        out.println("(shown only now: hashmatch stores its SHA-256, not the key)");
        out.println();
        out.println("Add to the configuration (application.yml, or a file given to hashmatch serve --config):");
        out.println("hashmatch:");
        out.println("  security:");
        out.println("    keys:");
        out.println("      " + keyId + ":");
        out.println("        role: " + role.name());
        out.println("        sha256: " + ApiKeys.sha256Hex(key));
        out.flush();
        return ExitCodes.OK;
    }
}
