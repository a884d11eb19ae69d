package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import io.hashmatch.Seeds;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link EntryBytes}, the one decision between holding an entry and streaming it: held exactly when it fits the
 * limit, else every byte digested; its head whatever the limit; its length, when known in advance, deciding at once.
 * Checked against {@link MessageDigest} on seeded random entries read in random short pieces.
 */
@ExtendWith(Seeds.Report.class)
class EntryBytesTest {
    private static final int HEAD = ContentSniffer.HEAD_BYTES;
    private static final int CHUNK = EntryBytes.CHUNK;

    static Stream<Long> seeds() {
        return Seeds.of("EntryBytesTest.heldExactlyWhenItFitsAndEveryByteDigested", 40);
    }

    /** {@code data} in pieces of 1 to {@code len} bytes, as an archive's decompressor gives them. */
    private static InputStream trickle(byte[] data, Random random) {
        return new InputStream() {
            private int at;

            @Override
            public int read() {
                return at < data.length ? data[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= data.length) {
                    return -1;
                }
                int n = Math.min(data.length - at, 1 + random.nextInt(Math.max(1, len)));
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    private static List<String> expected(byte[] data) throws Exception {
        HexFormat hex = HexFormat.of();
        return List.of(
                String.valueOf(data.length),
                hex.formatHex(MessageDigest.getInstance("MD5").digest(data)),
                hex.formatHex(MessageDigest.getInstance("SHA-1").digest(data)),
                hex.formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    }

    private static List<String> digests(EntryBytes e) {
        ExactDigests d = e.digests();
        return List.of(String.valueOf(d.size()), d.md5(), d.sha1(), d.sha256());
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void heldExactlyWhenItFitsAndEveryByteDigested(long seed) throws Exception {
        Random random = new Random(seed);
        int[] sizes = {0, 1, HEAD - 1, HEAD, HEAD + 1, CHUNK - 1, CHUNK, CHUNK + 1, random.nextInt(3 * CHUNK)};
        int size = sizes[random.nextInt(sizes.length)];
        long[] limits = {0, 100, HEAD - 1, HEAD, size - 1, size, size + 1, CHUNK, random.nextInt(4 * CHUNK)};
        long limit = Math.max(0, limits[random.nextInt(limits.length)]);
        boolean known = random.nextBoolean();
        byte[] data = new byte[size];
        random.nextBytes(data);
        InputStream in = trickle(data, random);

        EntryBytes e = EntryBytes.read(in, limit, known ? size : EntryBytes.UNKNOWN_SIZE);

        String what = size + " bytes, limit " + limit + (known ? ", size known" : "");
        assertThat(e.outOfMemory()).as(what).isFalse();
        assertThat(e.head()).as(what).isEqualTo(Arrays.copyOf(data, Math.min(size, HEAD)));
        assertThat(in.read()).as(what + ": read to its end").isEqualTo(-1);
        if (size <= limit) {
            assertThat(e.bytes()).as(what).isEqualTo(data);
        } else {
            assertThat(e.bytes()).as(what).isNull();
            assertThat(digests(e)).as(what).isEqualTo(expected(data));
        }
    }

    @Test
    void aKnownSizeOverTheLimitStreamsEvenWhenFewerBytesCome() throws Exception {
        byte[] data = new byte[600];
        new Random(7).nextBytes(data);
        EntryBytes e = EntryBytes.read(trickle(data, new Random(8)), 2000, 5000);
        assertThat(e.bytes()).isNull();
        assertThat(digests(e)).isEqualTo(expected(data));
        assertThat(e.head()).isEqualTo(Arrays.copyOf(data, HEAD));
    }

    @Test
    void aStreamShorterThanItsKnownSizeIsHeldAsFarAsItGoes() throws Exception {
        byte[] data = new byte[600];
        new Random(9).nextBytes(data);
        EntryBytes e = EntryBytes.read(trickle(data, new Random(10)), 2000, 1000);
        assertThat(e.bytes()).isEqualTo(data);
    }

    @Test
    void aStreamThatFailsFailsTheRead() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("cannot read at byte 0");
            }
        };
        assertThatIOException()
                .isThrownBy(() -> EntryBytes.read(broken, 100, 50))
                .withMessage("cannot read at byte 0");
    }
}
