package io.hashmatch.service.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
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
}
