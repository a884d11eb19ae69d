package io.hashmatch.service.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** UTF-8 bytes to a Writer, whatever the write boundaries. */
class WriterOutputStreamTest {
    private static final String TEXT = "ascii é ü 漢字 😀 \u2028 end";

    @Test
    void everySplitOfTheBytesGivesTheSameText() throws IOException {
        byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            StringWriter w = new StringWriter();
            try (WriterOutputStream out = new WriterOutputStream(w)) {
                out.write(bytes, 0, split);
                out.write(bytes, split, bytes.length - split);
            }
            assertThat(w.toString()).as("split at %d", split).isEqualTo(TEXT);
        }
    }

    @Test
    void byteByByteAndLargerThanTheBuffer() throws IOException {
        String big = TEXT.repeat(2000);
        StringWriter w = new StringWriter();
        try (WriterOutputStream out = new WriterOutputStream(w)) {
            for (byte b : TEXT.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
            }
            out.write(big.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(w.toString()).isEqualTo(TEXT + big);
    }

    @Test
    void malformedOrCutUtf8Throws() {
        assertThatThrownBy(() -> {
                    try (WriterOutputStream out = new WriterOutputStream(new StringWriter())) {
                        out.write(new byte[] {'a', (byte) 0xff, 'b'});
                    }
                })
                .isInstanceOf(CharacterCodingException.class);
        assertThatThrownBy(() -> {
                    try (WriterOutputStream out = new WriterOutputStream(new StringWriter())) {
                        out.write(new byte[] {'a', (byte) 0xe6, (byte) 0xbc}); // the first two of three bytes
                    }
                })
                .isInstanceOf(CharacterCodingException.class);
    }
}
