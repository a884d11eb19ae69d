package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    private static void readAll(String json) throws IOException {
        try (JsonParser p = StrictJson.FACTORY.createParser(json)) {
            while (p.nextToken() != null) {
                p.getText();
            }
        }
    }

    @Test
    void duplicateKeyIsAnError() {
        assertThatThrownBy(() -> readAll("{\"a\":1,\"b\":2,\"a\":3}"))
                .isInstanceOf(StreamReadException.class)
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void nestingIsBounded() throws IOException {
        String ok = "[".repeat(StrictJson.MAX_NESTING) + "]".repeat(StrictJson.MAX_NESTING);
        readAll(ok);
        String deep = "[".repeat(StrictJson.MAX_NESTING + 1) + "]".repeat(StrictJson.MAX_NESTING + 1);
        assertThatThrownBy(() -> readAll(deep)).isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void stringsAndNumbersAreBounded() throws IOException {
        readAll("[\"" + "x".repeat(StrictJson.MAX_STRING) + "\"]");
        assertThatThrownBy(() -> readAll("[\"" + "x".repeat(StrictJson.MAX_STRING + 1) + "\"]"))
                .isInstanceOf(StreamConstraintsException.class);
        readAll("[" + "9".repeat(StrictJson.MAX_NUMBER) + "]");
        assertThatThrownBy(() -> readAll("[" + "9".repeat(StrictJson.MAX_NUMBER + 1) + "]"))
                .isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void closingAParserLeavesTheStreamOpen() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayInputStream in = new ByteArrayInputStream("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        try (JsonParser p = StrictJson.FACTORY.createParser(in)) {
            p.nextToken();
        }
        assertThat(closed).isFalse();
    }
}
