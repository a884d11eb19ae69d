package io.hashmatch.service.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aNameWrittenAsItIsGivesTheSameMembersAsAStringName() {
        String asString = JsonOutput.write(64, g -> {
            g.writeStartObject();
            g.writeStringField("query", "a");
            g.writeArrayFieldStart("hits");
            g.writeEndArray();
            g.writeNumberField("queries", 2);
            g.writeEndObject();
        });
        String asName = JsonOutput.write(64, g -> {
            g.writeStartObject();
            g.writeFieldName(JsonOutput.name("query"));
            g.writeString("a");
            g.writeFieldName(JsonOutput.name("hits"));
            g.writeStartArray();
            g.writeEndArray();
            g.writeFieldName(JsonOutput.name("queries"));
            g.writeNumber(2);
            g.writeEndObject();
        });
        assertThat(asName).isEqualTo(asString).isEqualTo("{\"query\":\"a\",\"hits\":[],\"queries\":2}");
    }

    @Test
    void onlyPlainNamesAreWrittenAsTheyAre() {
        for (String bad : new String[] {"a\"b", "a\\b", "line\n", "é", "\u2028", "\u007f"}) {
            assertThatThrownBy(() -> JsonOutput.name(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(JsonOutput.name(" !#~").getValue()).isEqualTo(" !#~");
    }
}
