package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.HashKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The entry model's normalisation and invariants. */
class ListEntryTest {
    static final String MD5 = "a7fc9bc8da3585694c293572feefb757";

    @Test
    void normalisesHashesAndTags() {
        ListEntry e = new ListEntry(
                Map.of(HashKind.MD5, MD5.toUpperCase()), "1", "NEGATIVE_CLASS", List.of("b", "a", "b"), "s", null, 3);
        assertThat(e.hashes()).isEqualTo(Map.of(HashKind.MD5, MD5));
        assertThat(e.hash(HashKind.MD5)).isEqualTo(MD5);
        assertThat(e.hash(HashKind.PDQ)).isNull();
        assertThat(e.tags()).containsExactly("b", "a");
        assertThat(e.isSuppression()).isTrue();
        assertThat(e)
                .isEqualTo(new ListEntry(
                        Map.of(HashKind.MD5, MD5), "1", "NEGATIVE_CLASS", List.of("b", "a"), "s", null, 3));
    }

    @Test
    void hashesIterateInKindOrder() {
        ListEntry e = new ListEntry(
                Map.of(HashKind.SHA1, "5d5ed5902cae25f3a72b7f36f632d64783d8e21a", HashKind.MD5, MD5),
                null,
                null,
                List.of(),
                "s",
                null,
                0);
        assertThat(e.hashes().keySet()).containsExactly(HashKind.MD5, HashKind.SHA1);
    }

    @Test
    void refusesBrokenEntries() {
        assertThatThrownBy(() -> new ListEntry(Map.of(), null, null, List.of(), "s", null, 0))
                .hasMessage("an entry has at least one hash");
        assertThatThrownBy(() -> ListEntry.of(HashKind.MD5, MD5 + "0", "s"))
                .hasMessage("MD5 hash must be 32 hex digits, got 33");
        assertThatThrownBy(() -> ListEntry.of(HashKind.SHA1, "z", "s"))
                .hasMessage("not a hex digit in the SHA-1 hash: 'z'");
        assertThatThrownBy(() -> ListEntry.of(HashKind.PHOTODNA, "not base64!", "s"))
                .hasMessageStartingWith("PhotoDNA hash is not base64: ");
        assertThatThrownBy(() -> new ListEntry(Map.of(HashKind.MD5, MD5), "", null, List.of(), "s", null, 0))
                .hasMessage("externalId is empty (use null)");
        assertThatThrownBy(() -> new ListEntry(Map.of(HashKind.MD5, MD5), null, null, List.of("a b"), "s", null, 0))
                .hasMessage("tag \"a b\" holds a separator (whitespace, ',' or ';')");
        assertThatThrownBy(() -> new ListEntry(Map.of(HashKind.MD5, MD5), null, null, List.of("a\u0001"), "s", null, 0))
                .hasMessage("tag \"a\u0001\" holds a control character");
        assertThatThrownBy(() -> ListEntry.of(HashKind.MD5, MD5, "")).hasMessage("sourceList is empty");
        assertThatThrownBy(() -> ListEntry.of(HashKind.MD5, MD5, "s").withLine(-1))
                .hasMessage("line -1 < 0");
    }

    @Test
    void fullWidthDigitsAreNotHex() {
        // Character.digit would accept U+FF10..: the lists would then hold hashes no one can match
        assertThatThrownBy(() -> ListEntry.of(HashKind.MD5, "\uFF10" + MD5.substring(1), "s"))
                .hasMessage("not a hex digit in the MD5 hash: U+FF10");
    }
}
