package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --format auto}: the format follows from the first bytes, never from the file name. */
class FormatDetectionTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
      {"@odata.context": "x#Media", "value": []}                 | VICS_JSON
      <BOM>  {"odata.metadata": "x"}                             | VICS_JSON
      \\n\\n\\t{                                                   | VICS_JSON
      signal_type,signal_str,collab,category,tags\\npdq,ab,c,,     | TE_CSV
      # exported\\nsignal_type,signal_str,collab,category,tags     | TE_CSV
      pdq e1f27e05                                                 | TE_TEXT
      \\n# comment\\n\\nvideo_md5\\tb147fb08                       | TE_TEXT
      url_md5 b147fb08                                             | TE_TEXT
      A7FC9BC8DA3585694C293572FEEFB757                             | HEX
      <BOM># md5 list\\r\\n\\r\\na7fc9bc8                        | HEX
      e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78 | HEX
      MD5\\na7fc9bc8da3585694c293572feefb757                       | HEX
      sha-256                                                      | HEX
      MD5;SHA1;PhotoDNA;Image ID                                   | ICSE_CSV
      "Image ID";"MD5"                                             | ICSE_CSV
      <?xml version="1.0"?><HashList/>                             | NCMEC_XML
      d41d8cd98f00b204e9800998ecf8427e  empty.txt                  | CHECKSUMS
      da39a3ee5e6b4b0d3255bfef95601890afd80709 *empty.bin          | CHECKSUMS
      SHA256 (a b.jpg) = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | CHECKSUMS
      """)
    void detects(String escaped, ListFormat expected) throws Exception {
        byte[] bytes =
                escaped.strip().translateEscapes().replace("<BOM>", "\uFEFF").getBytes(StandardCharsets.UTF_8);
        assertThat(FormatSniffer.detect(new java.io.BufferedInputStream(new ByteArrayInputStream(bytes)), "t"))
                .isEqualTo(expected);
    }

    @Test
    void neverFromTheFileName(@TempDir Path dir) throws Exception {
        Path misnamed = dir.resolve("list.json");
        Files.writeString(misnamed, "pdq e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78\n");
        assertThat(ListFormat.detect(misnamed)).isEqualTo(ListFormat.TE_TEXT);
        try (ListReader r = ListReader.open(misnamed, ReadOptions.DEFAULTS)) {
            assertThat(r.format()).isEqualTo(ListFormat.TE_TEXT);
            assertThat(r.next()).isNotNull();
        }
    }

    @Test
    void explicitFormatOverridesDetection() throws Exception {
        // "pdq <hex>" read as a hex list is an error: the caller's format wins
        byte[] bytes = "pdq e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78\n"
                .getBytes(StandardCharsets.UTF_8);
        try (ListReader r = ListReader.open(
                new ByteArrayInputStream(bytes), "t", ReadOptions.DEFAULTS.withFormat(ListFormat.HEX))) {
            assertThat(r.format()).isEqualTo(ListFormat.HEX);
            org.assertj.core.api.Assertions.assertThatThrownBy(r::next)
                    .isInstanceOfSatisfying(ListFormatException.class, e -> assertThat(e.reason())
                            .isEqualTo("not a hex digit: 'p'"));
        }
    }

    @Test
    void cliNames() {
        assertThat(ListFormat.fromName("vics")).contains(ListFormat.VICS_JSON);
        assertThat(ListFormat.fromName("TE-CSV")).contains(ListFormat.TE_CSV);
        assertThat(ListFormat.fromName("te_text")).contains(ListFormat.TE_TEXT);
        assertThat(ListFormat.fromName("hex")).contains(ListFormat.HEX);
        assertThat(ListFormat.fromName("auto")).isEmpty();
    }
}
