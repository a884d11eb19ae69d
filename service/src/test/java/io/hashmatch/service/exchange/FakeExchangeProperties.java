package io.hashmatch.service.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code hashmatch.exchanges.NAME.*} properties of an exchange that a loopback fake serves ({@link FakeNcmec},
 * {@link FakeThreatExchange}), for tests that start the service with it: no retries, and credentials read from a file
 * under {@code target/} that the fixture writes (the environment variable named instead is never set).
 */
final class FakeExchangeProperties {
    private final String prefix;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private FakeExchangeProperties(String name) {
        this.prefix = "hashmatch.exchanges." + name + ".";
    }

    /**
     * Exchange {@code name} of {@code type} at {@code endpoint}, syncing into {@code list}, with {@code credentials}
     * (e.g. {@code user:secret}) in {@code target/<dir>/<name>-credentials}.
     */
    static FakeExchangeProperties of(
            String name, String type, String endpoint, String list, String dir, String credentials) {
        FakeExchangeProperties p = new FakeExchangeProperties(name);
        Path file;
        try {
            file = Files.createDirectories(Path.of("target", dir)).resolve(name + "-credentials");
            Files.writeString(file, credentials + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.with("type", type)
                .with("endpoint", endpoint)
                .with("credentials-env", "HASHMATCH_TEST_UNSET")
                .with("credentials-file", file.toAbsolutePath().toString())
                .with("list", list)
                .with("retries", "0");
    }

    /** Sets {@code hashmatch.exchanges.NAME.<key>}. */
    FakeExchangeProperties with(String key, String value) {
        properties.put(prefix + key, value);
        return this;
    }

    /** These properties, then {@code more} (service settings, other exchanges). */
    Map<String, String> and(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putAll(more);
        return all;
    }
}
