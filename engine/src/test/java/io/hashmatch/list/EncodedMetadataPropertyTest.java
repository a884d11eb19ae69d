package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * {@link EncodedMetadata} writes byte for byte what {@link DataOutputStream} wrote before it (the oracle below is
 * that code), over strings with U+0000, two- and three-byte characters and surrogate pairs, and gives each value
 * back whole, whatever chunk it landed in.
 */
class EncodedMetadataPropertyTest {
    @Provide
    Arbitrary<@Nullable String> text() {
        return Arbitraries.of(
                        "a", "Z", "0", " ", ",", "\u0000", "\u007f", "\u0080", "é", "\u07ff", "\u0800", "中", "😀",
                        "\uffff")
                .list()
                .ofMaxSize(12)
                .map(l -> String.join("", l))
                .injectNull(0.2);
    }

    @Provide
    Arbitrary<EntryMetadata> metadata() {
        Arbitrary<@Nullable Instant> date = Arbitraries.longs()
                .between(-1L << 40, 1L << 42)
                .map(Instant::ofEpochMilli)
                .injectNull(0.3);
        Arbitrary<List<String>> tags = text().filter(t -> t != null).list().ofMaxSize(4);
        return Combinators.combine(text(), text(), text().filter(t -> t != null), date, tags, text())
                .as(EntryMetadata::new);
    }

    @Provide
    Arbitrary<List<EntryMetadata>> metadataLists() {
        return metadata().list().ofMaxSize(20);
    }

    @Property(tries = 500)
    void sameBytesAsDataOutputStream(@ForAll("metadataLists") List<EntryMetadata> metadata) throws IOException {
        EncodedMetadata encoded = new EncodedMetadata();
        for (EntryMetadata m : metadata) {
            encoded.add(m);
        }
        assertThat(encoded.size()).isEqualTo(metadata.size());
        long total = 0;
        for (int i = 0; i < metadata.size(); i++) {
            byte[] expected = oracle(metadata.get(i));
            assertThat(encoded.value(i)).isEqualTo(expected);
            total += expected.length;
        }
        assertThat(encoded.byteSize()).isEqualTo(total);
    }

    /** Entries mixing own values, copies of earlier ones ({@code addCopyOf}) and none ({@code addNone}). */
    @Property(tries = 200)
    void copiesAndGapsKeepEveryOtherValue(@ForAll("metadataLists") List<EntryMetadata> metadata, @ForAll long seed)
            throws IOException {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        EncodedMetadata encoded = new EncodedMetadata();
        List<byte @Nullable []> expected = new java.util.ArrayList<>();
        for (EntryMetadata m : metadata) {
            int kind = r.nextInt(3);
            if (kind == 0 || expected.isEmpty()) {
                encoded.add(m);
                expected.add(oracle(m));
            } else if (kind == 1) {
                encoded.addNone();
                expected.add(null);
            } else {
                int earlier = r.nextInt(expected.size());
                if (expected.get(earlier) == null) {
                    assertThat(encoded.has(earlier)).isFalse();
                    encoded.addNone();
                } else {
                    encoded.addCopyOf(earlier);
                }
                expected.add(expected.get(earlier));
            }
        }
        assertThat(encoded.size()).isEqualTo(expected.size());
        long total = 0;
        int values = 0;
        for (int i = 0; i < expected.size(); i++) {
            assertThat(encoded.has(i)).isEqualTo(expected.get(i) != null);
            if (expected.get(i) != null) {
                assertThat(encoded.value(i)).isEqualTo(expected.get(i));
                total += expected.get(i).length;
                values++;
            }
        }
        assertThat(encoded.byteSize()).isEqualTo(total);
        assertThat(encoded.valueCount()).isEqualTo(values);
    }

    @Property(tries = 5)
    void valuesSpanningManyChunksComeBackWhole(@ForAll("metadata") EntryMetadata m) throws IOException {
        EncodedMetadata encoded = new EncodedMetadata();
        byte[] expected = oracle(m);
        int n = (1 << 24) / expected.length + 1000; // more than two 8 MB chunks
        for (int i = 0; i < n; i++) {
            encoded.add(m);
        }
        assertThat(encoded.value(0)).isEqualTo(expected);
        assertThat(encoded.value(n / 2)).isEqualTo(expected);
        assertThat(encoded.value(n - 1)).isEqualTo(expected);
        assertThat(encoded.byteSize()).isEqualTo((long) n * expected.length);
    }

    @Example
    void aStringBeyondModifiedUtf8sLimitFailsAsDataOutputStreamDoes() {
        String tag = "é".repeat(40_000); // 80,000 bytes
        Throwable expected = catchThrowable(() -> oracle(new EntryMetadata(null, null, "s", null, List.of(tag))));
        assertThat(expected).isInstanceOf(UTFDataFormatException.class);
        assertThatThrownBy(() -> new EncodedMetadata().add(new EntryMetadata(null, null, "s", null, List.of(tag))))
                .isInstanceOf(UncheckedIOException.class)
                .cause()
                .isInstanceOf(UTFDataFormatException.class)
                .hasMessage(expected.getMessage());
    }

    /** The encoder {@code EntryMetadataStore.encode} had before {@link EncodedMetadata}. */
    private static byte[] oracle(EntryMetadata m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        writeOptional(out, m.externalId());
        writeOptional(out, m.category());
        writeOptional(out, m.sourceList());
        out.writeBoolean(m.dateAdded() != null);
        if (m.dateAdded() != null) {
            out.writeLong(m.dateAdded().toEpochMilli());
        }
        out.writeInt(m.tags().size());
        for (String tag : m.tags()) {
            out.writeUTF(tag);
        }
        out.writeBoolean(m.photoDna() != null);
        if (m.photoDna() != null) {
            byte[] b = m.photoDna().getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
        return bytes.toByteArray();
    }

    private static void writeOptional(DataOutputStream out, @Nullable String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }
}
