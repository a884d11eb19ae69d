package io.hashmatch.spark;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/** A local[2] session for one test class, and running a job's command line in it. */
final class LocalSpark implements AutoCloseable {
    final SparkSession spark;
    /** Tasks started in this session so far. */
    final AtomicInteger tasksStarted = new AtomicInteger();

    LocalSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("hashmatch-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "1000")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart taskStart) {
                tasksStarted.incrementAndGet();
            }
        });
    }

    /** The outcome of one command: exit status, summary (null if none), standard output and error. */
    record Run(
            int status, @org.jspecify.annotations.Nullable Summary summary, String out, String err) {}

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = SparkJobs.commandLine(spark, new PrintWriter(out, true), new PrintWriter(err, true));
        int status = cmd.execute(args);
        Summary summary = null;
        CommandLine.ParseResult parsed = cmd.getParseResult();
        if (parsed != null && parsed.subcommand() != null) {
            CommandLine.Model.CommandSpec output =
                    parsed.subcommand().commandSpec().mixins().get("output");
            if (output != null && output.userObject() instanceof JobOutput o) {
                summary = o.summary();
            }
        }
        return new Run(status, summary, out.toString(), err.toString());
    }

    @Override
    public void close() {
        spark.stop();
        ExecutorSnapshots.closeAll();
    }
}
