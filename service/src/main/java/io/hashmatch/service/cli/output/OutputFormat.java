package io.hashmatch.service.cli.output;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import picocli.CommandLine;

/** The record formats of {@code hashmatch hash --format}. */
public enum OutputFormat {
    /** JSON Lines: {@link JsonLinesRecordWriter}. */
    JSONL,
    /** CSV with a header: {@link CsvRecordWriter}. */
    CSV;

    public HashRecordWriter newWriter(Writer out, boolean dihedral) throws IOException {
        return newWriter(out, dihedral, false);
    }

    /** A writer of this format; {@code variants} adds the variants field (JSON) or column (CSV). */
    public HashRecordWriter newWriter(Writer out, boolean dihedral, boolean variants) throws IOException {
        return switch (this) {
            case JSONL -> new JsonLinesRecordWriter(out, dihedral, variants);
            case CSV -> new CsvRecordWriter(out, dihedral, variants);
        };
    }

    /** Parses {@code jsonl} or {@code csv} (any case). */
    public static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected jsonl or csv, got '" + value + "'");
            }
        }
    }
}
