package io.hashmatch.service.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.jspecify.annotations.Nullable;

/**
 * The one way the service writes JSON: Jackson's streaming {@link JsonGenerator} from one shared
 * {@link JsonFactory}, for the CLI's records and the HTTP API's answers alike.
 *
 * <p>Strings are escaped per RFC 8259: {@code "} and {@code \}, control characters (short escapes or
 * {@code \}{@code u00xx}, lower-case hex), plus U+2028/U+2029 (line separators to JavaScript) and every UTF-16
 * surrogate as {@code \}{@code uxxxx}, so that an unpaired surrogate survives (a UTF-8 encoder would turn it into
 * {@code ?}) and a paired one is written as its escaped pair; other characters are written as they are (the
 * output is UTF-8). Generators never close the {@link Writer} they write to, and separate root values by nothing:
 * JSON Lines writers end each record with their own line end.
 *
 * <p>Stateless; thread-safe (a generator is not: one per writing thread).
 */
public final class JsonOutput {
    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .characterEscapes(new Escapes())
            .rootValueSeparator((String) null)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private JsonOutput() {}

    /** What writes one JSON document. */
    @FunctionalInterface
    public interface Document {
        /** Writes the document with {@code g}. */
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * A generator writing to {@code out}, which it does not close; {@link JsonGenerator#flush()} flushes {@code out}
     * too.
     */
    public static JsonGenerator generator(Writer out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /**
     * A member name to write with {@link JsonGenerator#writeFieldName(SerializableString)}: copied as it is, where a
     * name given as a {@link String} goes through the escaping of every character (this factory's escapes take
     * Jackson's slow path for every string). For the names of documents written for every request.
     *
     * @throws IllegalArgumentException unless {@code name} is printable ASCII without {@code "} or {@code \}
     */
    public static SerializableString name(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                throw new IllegalArgumentException("not a plain member name: " + name);
            }
        }
        return new SerializedString(name);
    }

    /** The document {@code document} writes, as a string of about {@code capacity} characters. */
    public static String write(int capacity, Document document) {
        StringWriter out = new StringWriter(capacity);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            document.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Jackson's standard ASCII escapes, plus U+2028, U+2029 and surrogates as {@code \}{@code uxxxx}. */
    private static final class Escapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;

        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public @Nullable SerializableString getEscapeSequence(int ch) {
            if (ch == '\u2028' || ch == '\u2029' || (ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE)) {
                return new SerializedString(String.format(java.util.Locale.ROOT, "\\u%04x", ch));
            }
            return null;
        }
    }
}
