package io.hashmatch.spark;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * Entry point of the job jar: {@code retro-scan ...} or {@code hash ...}.
 *
 * <p>Under {@code spark-submit} (or {@code org.apache.spark.deploy.SparkSubmit}) the master and the rest of Spark's
 * configuration come from the submit command. Run with plain {@code java -cp}, it runs in local mode: the master is
 * {@code local[*]} unless {@code -Dspark.master=...} says otherwise.
 *
 * <p>Exit status: 0 when the job finished (rows that could not be read or hashed are counted in the summary and are
 * no failure), 1 when it could not run (bad options, a refused snapshot, a failed stage).
 */
public final class SparkJobs {
    private SparkJobs() {}

    /** Runs one job in the session Spark's configuration describes, then stops the session. */
    public static void main(String[] args) {
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.app.name", "hashmatch " + (args.length == 0 ? "" : args[0]));
        int status;
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            status = run(
                    spark,
                    new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                    new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                    args);
        } finally {
            spark.stop();
        }
        System.exit(status);
    }

    /**
     * Runs one job in {@code spark} and returns the exit status; the summary goes to {@code out}, errors (one line, no
     * stack trace for bad input) to {@code err}.
     */
    static int run(SparkSession spark, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(spark, out, err).execute(args);
    }

    /** The command tree over {@code spark}, for {@link #run} and tests that read a job's summary. */
    static CommandLine commandLine(SparkSession spark, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Top())
                .addSubcommand(new RetroScan(spark, out))
                .addSubcommand(new HashJob(spark, out));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                c.getErr().println("hashmatch " + c.getCommandName() + ": " + e.getMessage());
            } else {
                c.getErr().println("hashmatch " + c.getCommandName() + " failed: " + e);
                e.printStackTrace(c.getErr());
            }
            c.getErr().flush();
            return 1;
        });
        return cmd;
    }

    /** The top command: only subcommands. */
    @CommandLine.Command(
            name = "hashmatch-spark",
            mixinStandardHelpOptions = true,
            description = "Spark jobs of hashmatch: retro-scan (match stored hashes against lists), hash (hash files).")
    static final class Top implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "a job is required: " + Arrays.toString(new String[] {"retro-scan", "hash"}));
        }
    }
}
