package io.hashmatch.service.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
    @Test
    void escapesExactly() {
        String json = JsonOutput.write(
                16, g -> g.writeString("q\"b\\s/n\nr\rt\tb\bf\fc\u0001\u001f\u007f\u2028\u2029é😀\ud800x\udc00"));
        assertThat(json)
                .isEqualTo("\"q\\\"b\\\\s/n\\nr\\rt\\tb\\bf\\fc\\u0001\\u001f\u007f\\u2028\\u2029é\\ud83d\\ude00"
                        + "\\ud800x\\udc00\"");
    }

    @Test
    void rootValuesAreNotSeparatedAndTheWriterIsLeftOpen() throws Exception {
        boolean[] closed = {false};
        StringWriter out = new StringWriter() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (var g = JsonOutput.generator(out)) {
            g.writeStartObject();
            g.writeEndObject();
            g.writeRaw('\n');
            g.writeStartArray();
            g.writeEndArray();
        }
        assertThat(out.toString()).isEqualTo("{}\n[]");
        assertThat(closed[0]).isFalse();
    }

    @Test
    void utf8GeneratorWritesTheTextsBytes() throws Exception {
        String exact = "q\"b\\s/n\nr\rt\tb\bf\fc\u0001\u001f\u007f\u2028\u2029é😀\ud800x\udc00\u0800\uffff";
        assertThat(utf8(exact))
                .isEqualTo(JsonOutput.write(16, g -> g.writeString(exact)).getBytes(StandardCharsets.UTF_8));
        // the characters where escaping and UTF-8 change: ASCII, 2- and 3-byte forms, separators, surrogates
        char[] pool = {
            'a', 'Z', '0', '"', '\\', '/', '\n', '\u0000', '\u001f', '\u007f', '\u0080', 'é', '\u07ff', '\u0800',
            '\u2027', '\u2028', '\u2029', '\u202a', '\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\uffff'
        };
        long seed = 20261207L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            char[] c = new char[random.nextInt(0, 40)];
            for (int j = 0; j < c.length; j++) {
                c[j] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : pool[random.nextInt(pool.length)];
            }
            String s = new String(c);
            assertThat(utf8(s))
                    .as(
                            "seed %d, string %d: %s",
                            seed, i, s.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(JsonOutput.write(16, g -> g.writeString(s)).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code s} as a JSON string written by the UTF-8 generator. */
    private static byte[] utf8(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var g = JsonOutput.generator(out)) {
            g.writeStartObject();
            g.writeStringField(s, s); // a member name is escaped as a value is
            g.writeEndObject();
        }
        byte[] member = out.toByteArray();
        out.reset();
        try (var g = JsonOutput.generator(out)) {
            g.writeString(s);
        }
        String quoted = out.toString(StandardCharsets.UTF_8);
        assertThat(new String(member, StandardCharsets.UTF_8)).isEqualTo("{" + quoted + ":" + quoted + "}");
        return out.toByteArray();
    }
}
