package io.hashmatch.list.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hashmatch.list.FileFormatException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzzes the metadata store's record decoder ({@link EntryMetadataStore#decode}, what {@link EntryMetadataStore#get}
 * does with a Chronicle Map value), called directly: opening a Chronicle Map costs seconds per JVM.
 *
 * <p>Contract: the record decodes to an {@link EntryMetadata}, or fails with an {@link UncheckedIOException} whose
 * cause is a {@link FileFormatException}: {@code TOO_OLD} or {@code TOO_NEW} exactly when the version byte is below
 * or above the one encoding version, {@code CORRUPT} otherwise; never another exception (a length beyond the record
 * must not allocate it). Oracle: a decoded record, encoded again by {@link EncodedMetadata}, decodes equal, and that
 * encoding less its last byte is {@code CORRUPT} (a truncated record is never taken for a shorter one).
 *
 * <p>Seeds and reproducers: {@code src/test/resources/io/hashmatch/list/metadata/MetadataRecordFuzzTestInputs/decodeRecord/}.
 */
class MetadataRecordFuzzTest {
    private static final Path STORE = Path.of("fuzz.metadata");

    @FuzzTest(maxDuration = "10m")
    void decodeRecord(byte[] data) {
        EntryMetadata decoded;
        try {
            decoded = EntryMetadataStore.decode(STORE, data, 7);
        } catch (UncheckedIOException e) {
            assertThat(e.getCause()).isInstanceOf(FileFormatException.class);
            FileFormatException cause = (FileFormatException) e.getCause();
            assertThat(cause.kind()).isEqualTo(expectedKind(data));
            return;
        }
        EncodedMetadata encoded = new EncodedMetadata();
        encoded.add(decoded);
        byte[] again = encoded.value(0);
        assertThat(EntryMetadataStore.decode(STORE, again, 7)).isEqualTo(decoded);
        UncheckedIOException truncated = org.assertj.core.api.Assertions.catchThrowableOfType(
                UncheckedIOException.class,
                () -> EntryMetadataStore.decode(STORE, Arrays.copyOf(again, again.length - 1), 7));
        assertThat(truncated).as("the re-encoded record less its last byte").isNotNull();
        assertThat(truncated.getCause()).isInstanceOf(FileFormatException.class);
        assertThat(((FileFormatException) truncated.getCause()).kind()).isEqualTo(FileFormatException.Kind.CORRUPT);
    }

    private static FileFormatException.Kind expectedKind(byte[] data) {
        if (data.length == 0 || data[0] == EncodedMetadata.ENCODING_VERSION) {
            return FileFormatException.Kind.CORRUPT;
        }
        return data[0] < EncodedMetadata.ENCODING_VERSION
                ? FileFormatException.Kind.TOO_OLD
                : FileFormatException.Kind.TOO_NEW;
    }
}
