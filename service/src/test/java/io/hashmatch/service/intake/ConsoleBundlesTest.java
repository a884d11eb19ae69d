package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's hotline bundles: every language listed has a bundle with exactly the keys of English, none empty,
 * and every message key the hotline screens name (literally, or as a prefix completed by a status, a kind or a
 * column) is in them.
 */
@MicronautTest(startApplication = false)
class ConsoleBundlesTest {
    private static final Path I18N = Path.of("src", "main", "resources", "console", "i18n");
    private static final Pattern LITERAL_KEY = Pattern.compile("'(hotline\\.[A-Za-z.]+[A-Za-z])'");

    @Inject
    JsonMapper json;

    private Map<String, String> bundle(String tag) throws IOException {
        return json.readValue(
                Files.readAllBytes(I18N.resolve(tag + ".json")), Argument.mapOf(String.class, String.class));
    }

    @Test
    void everyLanguageHasEveryKeyTheScreensUse() throws IOException {
        List<Map<String, String>> languages = json.readValue(
                Files.readAllBytes(I18N.resolve("languages.json")),
                Argument.listOf(Argument.mapOf(String.class, String.class)));
        assertThat(languages).extracting(l -> l.get("tag")).containsExactly("km", "en");
        Map<String, String> en = bundle("en");
        TreeSet<String> used = new TreeSet<>();
        String script = Files.readString(I18N.resolveSibling("hotline.js"), StandardCharsets.UTF_8);
        Matcher m = LITERAL_KEY.matcher(script);
        while (m.find()) {
            used.add(m.group(1));
        }
        for (String status : List.of("received", "confirmed", "forwarded", "dismissed")) {
            used.add("hotline.status." + status);
            used.add("hotline.filter." + status);
        }
        used.add("hotline.filter.all");
        for (String kind : List.of("image", "video", "file")) {
            used.add("hotline.kind." + kind);
        }
        for (String column : List.of("case", "received", "status", "files", "matches", "n", "kind", "md5", "sha256")) {
            used.add("hotline.col." + column);
        }
        used.addAll(List.of("hotline.col.pdq", "hotline.col.quality", "hotline.nav"));
        for (String field : List.of("status", "received", "updated", "language", "categories", "seen", "contact")) {
            used.add("hotline.field." + field);
        }
        used.add("hotline.field.reason");
        assertThat(used).hasSizeGreaterThan(40);
        assertThat(en.keySet()).containsAll(used);
        for (Map<String, String> l : languages) {
            Map<String, String> b = bundle(l.get("tag"));
            assertThat(b.keySet()).as(l.get("tag")).isEqualTo(en.keySet());
            assertThat(b.values()).as(l.get("tag")).noneMatch(String::isBlank);
        }
    }
}
