package io.hashmatch.list.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.list.ListGen;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link EncodedMetadata} writes byte for byte what {@link DataOutputStream} wrote before it (the oracle below is
 * that code), over strings with U+0000, two- and three-byte characters and surrogate pairs, and gives each value
 * back whole, whatever chunk it landed in.
 */
@ExtendWith(Seeds.Report.class)
class EncodedMetadataPropertyTest {
    static Stream<Long> sameBytesAsDataOutputStream() {
        return Seeds.of("EncodedMetadataPropertyTest.sameBytesAsDataOutputStream", 500);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void sameBytesAsDataOutputStream(long seed) throws IOException {
        List<EntryMetadata> metadata = ListGen.metadataList(new Gen(seed));
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
    static Stream<Long> copiesAndGapsKeepEveryOtherValue() {
        return Seeds.of("EncodedMetadataPropertyTest.copiesAndGapsKeepEveryOtherValue", 200);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void copiesAndGapsKeepEveryOtherValue(long seed) throws IOException {
        Gen g = new Gen(seed);
        List<EntryMetadata> metadata = ListGen.metadataList(g);
        java.util.SplittableRandom r = g.random();
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

    static Stream<Long> valuesSpanningManyChunksComeBackWhole() {
        return Seeds.of("EncodedMetadataPropertyTest.valuesSpanningManyChunksComeBackWhole", 5);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void valuesSpanningManyChunksComeBackWhole(long seed) throws IOException {
        EntryMetadata m = ListGen.metadata(new Gen(seed));
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

    @Test
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
