package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CsvFieldTest {
    @Test
    void quotesOnlyWhatRfc4180Requires() {
        assertThat(CsvField.escape(null)).isEmpty();
        assertThat(CsvField.escape("")).isEmpty();
        String plain = "a b;c";
        assertThat(CsvField.escape(plain)).isSameAs(plain);
        assertThat(CsvField.escape("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvField.escape("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvField.escape("l1\nl2")).isEqualTo("\"l1\nl2\"");
        assertThat(CsvField.escape("cr\r")).isEqualTo("\"cr\r\"");
    }

    @Test
    void writerQuotesLikeEscapeAndEndsRecordsWithLineFeeds() throws Exception {
        StringWriter out = new StringWriter();
        try (CsvWriter w = CsvField.writer(out)) {
            w.writeRecord("a b;c", null, "", "a,b", "say \"hi\"", "l1\nl2", "cr\r", "#not first");
            w.writeRecord("#first", "x");
        }
        assertThat(out.toString())
                .isEqualTo("a b;c,,,\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\r\",#not first\n" + "\"#first\",x\n");
    }
}
