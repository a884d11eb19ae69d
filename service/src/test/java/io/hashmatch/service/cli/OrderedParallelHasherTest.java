package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.FileHashes;
import io.hashmatch.service.cli.output.CsvRecordWriter;
import io.hashmatch.service.cli.output.Fixtures;
import io.hashmatch.service.cli.output.HashRecord;
import io.hashmatch.service.cli.output.HashRecordWriter;
import io.hashmatch.service.cli.output.JsonLinesRecordWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderedParallelHasherTest {
    @TempDir
    Path tmp;

    private static final int FILES = 300;

    @BeforeEach
    void files() throws IOException {
        for (int i = 0; i < FILES; i++) {
            Path p = tmp.resolve("d" + (i % 7)).resolve(String.format("f%04d", i));
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x".repeat(i));
        }
    }

    /** A fake engine that takes a random time and reports the file's real size. */
    private static final Function<Path, FileHashes> SLOW_FAKE = p -> {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            return Fixtures.image(Files.size(p), 100);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    };

    private String run(Function<Path, FileHashes> hasher, int threads, int window) throws Exception {
        StringWriter sw = new StringWriter();
        OrderedParallelHasher.Summary s =
                new OrderedParallelHasher(hasher, threads, window).run(List.of(tmp), new CsvRecordWriter(sw, false));
        assertThat(s.records()).isEqualTo(FILES);
        return sw.toString();
    }

    @Test
    void outputOrderIsWalkOrderWhateverTheThreadCount() throws Exception {
        String one = run(SLOW_FAKE, 1, 1);
        assertThat(one.split("\n")).hasSize(FILES + 1);
        assertThat(one.split("\n")[1]).startsWith(tmp.resolve("d0/f0000") + ",0,");
        assertThat(one.split("\n")[FILES]).startsWith(tmp.resolve("d6/f0293") + ",293,");
        assertThat(run(SLOW_FAKE, 4, 4)).isEqualTo(one);
        assertThat(run(SLOW_FAKE, 8, 64)).isEqualTo(one);
    }

    @Test
    void atMostWindowFilesAreInFlight() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        Function<Path, FileHashes> counting = p -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            started.incrementAndGet();
            try {
                return SLOW_FAKE.apply(p);
            } finally {
                inFlight.decrementAndGet();
            }
        };
        AtomicInteger written = new AtomicInteger();
        AtomicInteger maxAhead = new AtomicInteger();
        new OrderedParallelHasher(counting, 4, 8).run(List.of(tmp), new Discarding() {
            @Override
            public void write(HashRecord record) {
                // how far hashing runs ahead of the writer: the window, plus the record being written, plus
                // one task submitted while the walker waits for a slot
                maxAhead.accumulateAndGet(started.get() - written.getAndIncrement(), Math::max);
            }
        });
        assertThat(maxAhead.get()).isBetween(1, 8 + 2);
        assertThat(maxInFlight.get()).isBetween(1, 4);
        assertThat(started.get()).isEqualTo(FILES);
    }

    @Test
    void engineExceptionBecomesThatFilesRecord() throws Exception {
        Path bad = tmp.resolve("d3/f0003");
        StringWriter sw = new StringWriter();
        OrderedParallelHasher.Summary s = new OrderedParallelHasher(
                        p -> {
                            if (p.equals(bad)) {
                                throw new UnsupportedOperationException("boom");
                            }
                            return SLOW_FAKE.apply(p);
                        },
                        3,
                        16)
                .run(List.of(tmp), new JsonLinesRecordWriter(sw, false));
        assertThat(s).isEqualTo(new OrderedParallelHasher.Summary(FILES, 1));
        assertThat(sw.toString())
                .contains(
                        "{\"path\":\"" + bad
                                + "\",\"error\":{\"code\":\"internal_error\",\"message\":\"boom (UnsupportedOperationException)\"}}\n");
    }

    @Test
    void writeFailureStopsTheRun() {
        AtomicInteger hashed = new AtomicInteger();
        Function<Path, FileHashes> counting = p -> {
            hashed.incrementAndGet();
            return SLOW_FAKE.apply(p);
        };
        assertThatThrownBy(() -> new OrderedParallelHasher(counting, 2, 4).run(List.of(tmp), new Discarding() {
                    int n;

                    @Override
                    public void write(HashRecord record) throws IOException {
                        if (++n == 10) {
                            throw new IOException("Broken pipe");
                        }
                    }
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("Broken pipe");
        assertThat(hashed.get()).isLessThan(30);
    }

    @Test
    void rejectsBadSizes() {
        assertThatThrownBy(() -> new OrderedParallelHasher(SLOW_FAKE, 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderedParallelHasher(SLOW_FAKE, 4, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A writer that writes nothing; tests override {@code write}. */
    private static class Discarding implements HashRecordWriter {
        @Override
        public void begin() {}

        @Override
        public void write(HashRecord record) throws IOException {}

        @Override
        public void end() {}
    }
}
