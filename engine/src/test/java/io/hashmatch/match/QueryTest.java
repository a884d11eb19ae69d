package io.hashmatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.PdqHash;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryTest {
    static final String HEX64 = "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78";

    @Test
    void sixtyFourHexDigitsArePdqUnlessPrefixedSha256() {
        assertThat(Query.parse(HEX64).pdq()).isEqualTo(PdqHash.fromHex(HEX64));
        assertThat(Query.parse(HEX64).sha256()).isNull();
        Query sha = Query.parse("SHA256:" + HEX64.toUpperCase());
        assertThat(sha.pdq()).isNull();
        assertThat(sha.sha256()).isEqualTo(HEX64);
        assertThat(sha.label()).isEqualTo("SHA256:" + HEX64.toUpperCase());
        assertThat(Query.parse("pdq:" + HEX64).pdq()).isEqualTo(PdqHash.fromHex(HEX64));
    }

    @Test
    void lengthsDecideMd5AndSha1() {
        assertThat(Query.parse("A7FC9BC8DA3585694C293572FEEFB757").md5()).isEqualTo("a7fc9bc8da3585694c293572feefb757");
        assertThat(Query.parse("995d485453c3217869de45e9ad9024e45784c258").sha1())
                .isEqualTo("995d485453c3217869de45e9ad9024e45784c258");
        assertThat(Query.parse("md5:a7fc9bc8da3585694c293572feefb757").md5())
                .isEqualTo("a7fc9bc8da3585694c293572feefb757");
    }

    @Test
    void badInputSaysWhy() {
        assertThatThrownBy(() -> Query.parse("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a hash: 3 characters (32 hex = MD5, 40 = SHA-1, 64 = PDQ, sha256:<64 hex> = SHA-256)");
        assertThatThrownBy(() -> Query.parse("crc:abc"))
                .hasMessage("unknown hash prefix 'crc:' (pdq, md5, sha1, sha256)");
        assertThatThrownBy(() -> Query.parse("sha1:" + "a".repeat(32)))
                .hasMessage("SHA-1 hash must be 40 hex digits, got 32");
        assertThatThrownBy(() -> Query.parse("z".repeat(32))).hasMessage("not a hex digit in the MD5 hash: 'z'");
        assertThatThrownBy(() -> Query.pdq(PdqHash.ZERO, 101)).hasMessageContaining("0..100");
        assertThatThrownBy(() -> new Query("x", null, -1, null, null, null))
                .hasMessage("a query needs a PDQ hash or a digest");
    }

    @Test
    void pdqMayCarryItsQualityAfterAnAt() {
        String hex = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
        assertThat(Query.parse(hex + "@73").quality()).isEqualTo(73);
        assertThat(Query.parse("pdq:" + hex + "@0").quality()).isZero();
        assertThat(Query.parse(hex).quality()).isEqualTo(Query.QUALITY_UNKNOWN);
        assertThat(Query.parse(hex + "@73").pdq()).isEqualTo(Query.parse(hex).pdq());
        assertThatThrownBy(() -> Query.parse(hex + "@101"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0-100");
        assertThatThrownBy(() -> Query.parse(hex + "@x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Query.parse("d41d8cd98f00b204e9800998ecf8427e@50"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only a PDQ hash");
    }

    @Test
    void parseAllKeepsTheOrderAndSaysWhyPerText() {
        String md5 = "a7fc9bc8da3585694c293572feefb757";
        Query.Parsed p =
                Query.parseAll(Arrays.asList("abc", HEX64, null, " md5:" + md5.toUpperCase() + " ", "crc:abc"));
        assertThat(p.queries()).containsExactly(Query.parse(HEX64), Query.parse(" md5:" + md5.toUpperCase() + " "));
        assertThat(p.queries().get(1).md5()).isEqualTo(md5);
        assertThat(p.errors())
                .containsExactly(
                        "not a hash: 3 characters (32 hex = MD5, 40 = SHA-1, 64 = PDQ, sha256:<64 hex> = SHA-256)",
                        null,
                        "null is not a hash",
                        null,
                        "unknown hash prefix 'crc:' (pdq, md5, sha1, sha256)");
        assertThat(p.invalid()).isEqualTo(3);
    }

    @Test
    void parseAllOfHashesOnlyOrOfNothing() {
        Query.Parsed p = Query.parseAll(List.of(HEX64, "sha256:" + HEX64));
        assertThat(p.invalid()).isZero();
        assertThat(p.errors()).containsExactly(null, null);
        assertThat(p.queries()).extracting(Query::sha256).containsExactly(null, HEX64);
        Query.Parsed none = Query.parseAll(List.of());
        assertThat(none.queries()).isEmpty();
        assertThat(none.errors()).isEmpty();
        assertThat(none.invalid()).isZero();
    }
}
