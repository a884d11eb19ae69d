package io.hashmatch.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;

/**
 * What a job did, as one JSON object (keys in the order put): counts, lists, timings, sample problems. Written into
 * the job's output directory (a file whose name starts with {@code _}, which Spark's readers skip) and on standard
 * output.
 *
 * <p>Not thread-safe; built by the driver.
 */
final class Summary {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    Summary(String job) {
        fields.put("job", job);
    }

    /** Adds a field: a string, number, boolean, map or collection of those. */
    Summary put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** A field's value, or null. */
    @Nullable
    Object get(String key) {
        return fields.get(key);
    }

    /** The summary as one line of JSON. */
    String toJson() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            write(g, fields);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return w.toString();
    }

    /** Writes the summary to {@code <dir>/}{@value RetroScan#SUMMARY_FILE} (any Hadoop file system) and to {@code out}. */
    void write(SparkSession spark, String dir, PrintWriter out) throws IOException {
        String json = toJson();
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, RetroScan.SUMMARY_FILE);
        FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (OutputStream o = fs.create(file, true)) {
            o.write((json + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        out.println(json);
        out.flush();
    }

    private static void write(JsonGenerator g, @Nullable Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object o : c) {
                    write(g, o);
                }
                g.writeEndArray();
            }
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(Math.round(d * 1000) / 1000.0);
            default -> g.writeString(value.toString());
        }
    }
}
