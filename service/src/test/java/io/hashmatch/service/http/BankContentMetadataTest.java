package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.lists.TestRegistries;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata HMA keeps with banked content ({@code POST /c/bank/{name}/content} with {@code metadata}: HMA's
 * {@code user_metadata} of {@code content_id}, {@code content_uri}, {@code json}) is answered as HMA answers it by
 * {@code GET /c/bank/{name}/content/{id}} ({@code metadata}, keys sorted, {@code collab} null) and
 * {@code PUT /c/bank/{name}/content/{id}} ({@code user_metadata}), and kept with the entry: from the list's live
 * changes, after a restart, after a compaction, and after a restart from the compacted version. Each step runs a new
 * application context on the same work directory, as a restarted {@code serve} would.
 */
class BankContentMetadataTest {
    @RegisterExtension
    static final LoopbackMedia MEDIA = new LoopbackMedia();

    private static final String JSON = "application/json";
    private static final String BANK = "KEPT";

    /** The content banked with metadata, as HMA's {@code bank_get_content} answers it. */
    private static final String WITH_METADATA = "{\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"KEPT\"},"
            + "\"disable_until_ts\":1,\"id\":0,\"metadata\":{\"collab\":null,\"content_id\":\"c-9\","
            + "\"content_uri\":null,\"json\":{\"a\":{\"b\":\"x\",\"y\":[true,null,2.5]},\"z\":1}},"
            + "\"note\":\"with metadata\",\"original_media_uri\":null}\n";

    /** The same, as HMA's {@code bank_update_content} jsonifies its {@code BankContentConfig}. */
    private static final String UPDATED = "{\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"KEPT\"},"
            + "\"collab_metadata\":{},\"disable_until_ts\":1,\"id\":0,\"note\":\"with metadata\","
            + "\"original_media_uri\":null,\"user_metadata\":{\"content_id\":\"c-9\","
            + "\"json\":{\"a\":{\"b\":\"x\",\"y\":[true,null,2.5]},\"z\":1}}}\n";

    @TempDir
    Path dir;

    private ApplicationContext start(int compactAfterChanges) throws Exception {
        ApplicationContext ctx = ApplicationContext.run(
                Map.of(
                        "hashmatch.work-dir", dir.resolve("work").toString(),
                        "hashmatch.watch", false,
                        "hashmatch.compaction.after-changes", compactAfterChanges,
                        "hashmatch.fetch.allowed-hosts", List.of("127.0.0.1"),
                        "hashmatch.fetch.allowed-networks", List.of("127.0.0.1/32")),
                "test");
        ctx.getBean(EmbeddedServer.class).start();
        ctx.getBean(ListRegistry.class).awaitInitialLoad();
        return ctx;
    }

    private static Http http(ApplicationContext ctx) {
        return new Http(ctx.getBean(EmbeddedServer.class).getURL());
    }

    /** The answers that hold the metadata, each checked whole. */
    private static void checkKept(Http http, String when) {
        assertThat(http.get("/c/bank/KEPT/content/0")).as(when).isEqualTo(new Http.Answer(200, JSON, WITH_METADATA));
        assertThat(http.put("/c/bank/KEPT/content/0", JSON, "{}".getBytes(StandardCharsets.UTF_8)))
                .as(when)
                .isEqualTo(new Http.Answer(200, JSON, UPDATED));
    }

    @Test
    void metadataIsAnsweredAsHmasAndKeptAcrossRestartAndCompaction() throws Exception {
        try (ApplicationContext ctx = start(100_000)) {
            Http http = http(ctx);
            assertThat(http.postJson("/c/banks", "{\"name\":\"" + BANK + "\"}").status())
                    .isEqualTo(201);
            assertThat(http.postJson(
                                    "/c/bank/KEPT/content?url=" + MEDIA.url("/photo.png"),
                                    "{\"metadata\":{\"content_id\":\"c-9\",\"content_uri\":null,"
                                            + "\"json\":{\"z\":1,\"a\":{\"y\":[true,null,2.5],\"b\":\"x\"}},"
                                            + "\"collab\":{\"X\":[\"1\"]}},\"note\":\"with metadata\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(http.postJson("/c/bank/KEPT/content?url=" + MEDIA.url("/photo.png"), "{\"metadata\":{}}")
                            .status())
                    .isEqualTo(200);
            assertThat(http.postJson("/c/bank/KEPT/signal", "{\"pdq\":\"" + LoopbackMedia.PHOTO.pdq() + "\"}")
                            .status())
                    .isEqualTo(200);
            checkKept(http, "from the live changes");
            assertThat(http.get("/c/bank/KEPT/content/0?include_metadata=false"))
                    .isEqualTo(new Http.Answer(
                            200, JSON, WITH_METADATA.replaceFirst("\"metadata\":.*,\"note\"", "\"note\"")));
            String plain = "{\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"KEPT\"},\"disable_until_ts\":1,"
                    + "\"id\":%d,\"original_media_uri\":null}\n";
            assertThat(http.get("/c/bank/KEPT/content/1"))
                    .as("empty metadata is none, as HMA stores it")
                    .isEqualTo(new Http.Answer(200, JSON, plain.formatted(1)));
            assertThat(http.get("/c/bank/KEPT/content/2"))
                    .as("a signal is banked without metadata")
                    .isEqualTo(new Http.Answer(200, JSON, plain.formatted(2)));
        }
        try (ApplicationContext ctx = start(100_000)) {
            checkKept(http(ctx), "after a restart");
        }
        try (ApplicationContext ctx = start(1)) {
            Http http = http(ctx);
            assertThat(http.delete("/c/bank/KEPT/content/2"))
                    .isEqualTo(new Http.Answer(200, JSON, "{\"deleted\":1}\n"));
            TestRegistries.awaitCompacted(ctx.getBean(ListRegistry.class), BANK);
            checkKept(http, "after a compaction");
        }
        try (ApplicationContext ctx = start(100_000)) {
            try (ListLease lease = ctx.getBean(ListRegistry.class).acquire()) {
                assertThat(lease.changes(BANK))
                        .as("served from the compacted version")
                        .satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c.isEmpty())
                                .isTrue());
            }
            checkKept(http(ctx), "after a restart from the compacted version");
        }
    }
}
