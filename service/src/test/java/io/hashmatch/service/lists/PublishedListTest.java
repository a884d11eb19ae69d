package io.hashmatch.service.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.list.FileFormatException;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListImporter;
import io.hashmatch.list.format.ListImport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code list publish}'s files: the manifest's fields, what is kept and deleted, and what a reader refuses. */
class PublishedListTest {
    static final Instant AT = Instant.parse("2026-12-06T00:00:00Z");

    @TempDir
    Path dir;

    Path snapshot(String version, String md5) throws Exception {
        Path txt = dir.resolve(version + ".txt");
        Files.writeString(txt, md5 + "\n");
        Path out = dir.resolve(version + ".hmsnap");
        ListImporter.importLists(List.of(ListImport.Source.of(txt)), "pub", version, out);
        return out;
    }

    List<String> published() throws IOException {
        try (var files = Files.list(dir.resolve("out"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void publishWritesTheSnapshotUnderItsDigestAndAManifestThatDescribesIt() throws Exception {
        Path v1 = snapshot("v1", "0123456789abcdef0123456789abcdef");
        PublishedList p = PublishedList.publish(v1, dir.resolve("out"), AT);

        byte[] bytes = Files.readAllBytes(v1);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        String checksum;
        try (HashListSnapshot s = HashListSnapshot.open(v1)) {
            checksum = s.checksum();
        }
        assertThat(p)
                .isEqualTo(new PublishedList(
                        "pub",
                        "v1",
                        checksum,
                        sha256,
                        bytes.length,
                        "pub-" + sha256.substring(0, 16) + ".hmsnap",
                        "2026-12-06T00:00:00Z"));
        assertThat(published()).containsExactly(p.snapshot(), "pub.manifest.json");
        assertThat(Files.readAllBytes(dir.resolve("out").resolve(p.snapshot()))).isEqualTo(bytes);
        Path manifest = dir.resolve("out/pub.manifest.json");
        assertThat(Files.readString(manifest))
                .isEqualTo("{\"format\":\"hashmatch published list\",\"formatVersion\":1,\"list\":\"pub\","
                        + "\"version\":\"v1\",\"checksum\":\"" + checksum + "\",\"sha256\":\"" + sha256 + "\","
                        + "\"size\":" + bytes.length + ",\"snapshot\":\"" + p.snapshot() + "\","
                        + "\"published\":\"2026-12-06T00:00:00Z\"}\n");
        assertThat(PublishedList.parse(Files.readAllBytes(manifest), "m")).isEqualTo(p);
    }

    @Test
    void theLastTwoPublicationsSnapshotsAreKept() throws Exception {
        PublishedList p1 =
                PublishedList.publish(snapshot("v1", "00000000000000000000000000000001"), dir.resolve("out"), AT);
        PublishedList p2 =
                PublishedList.publish(snapshot("v2", "00000000000000000000000000000002"), dir.resolve("out"), AT);
        assertThat(published()).containsExactlyInAnyOrder(p1.snapshot(), p2.snapshot(), "pub.manifest.json");
        PublishedList p3 =
                PublishedList.publish(snapshot("v3", "00000000000000000000000000000003"), dir.resolve("out"), AT);
        assertThat(published()).containsExactlyInAnyOrder(p2.snapshot(), p3.snapshot(), "pub.manifest.json");
    }

    @Test
    void whatAKilledPublicationLeftIsDeletedByTheListsNextOne() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor()).isZero();
        long killed = ended.pid();
        long running = ProcessHandle.current().pid();
        // kill -9 during the copy, then during the manifest's replacement; another list's, or a running writer's,
        // are not this publication's to delete
        Files.writeString(out.resolve(".pub." + killed + ".8812736451.tmp"), "half a snapshot");
        Files.writeString(out.resolve(".pub.manifest.json." + killed + ".77.tmp"), "{\"form");
        List<String> kept =
                List.of(".pub.x." + killed + ".5.tmp", ".other." + killed + ".12.tmp", ".pub." + running + ".13.tmp");
        for (String k : kept) {
            Files.writeString(out.resolve(k), "not this publication's");
        }
        PublishedList p = PublishedList.publish(snapshot("v1", "00000000000000000000000000000001"), out, AT);
        List<String> expected = new ArrayList<>(kept);
        expected.addAll(List.of(p.snapshot(), "pub.manifest.json"));
        assertThat(published()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aDamagedSnapshotIsNotPublished() throws Exception {
        Path v1 = snapshot("v1", "0123456789abcdef0123456789abcdef");
        byte[] bytes = Files.readAllBytes(v1);
        bytes[bytes.length / 2] ^= 1;
        Files.write(v1, bytes);
        assertThatThrownBy(() -> PublishedList.publish(v1, dir.resolve("out"), AT))
                .isInstanceOf(FileFormatException.class);
        assertThat(Files.exists(dir.resolve("out/pub.manifest.json"))).isFalse();
    }

    @Test
    void aManifestThatIsNotOneIsRefusedWithTheReason() {
        String good = "{\"format\":\"hashmatch published list\",\"formatVersion\":1,\"list\":\"pub\",\"version\":\"1\","
                + "\"checksum\":\"0000abcd\",\"sha256\":\"" + "ab".repeat(32) + "\",\"size\":10,"
                + "\"snapshot\":\"pub-1.hmsnap\"}";
        assertThat(parse(good)).isNull();
        assertThat(parse(good.replace("\"formatVersion\":1", "\"formatVersion\":2")))
                .isEqualTo(
                        "m: not a published list manifest: format version 2 is not supported (this hashmatch reads 1)");
        assertThat(parse(good.replace("pub-1.hmsnap", "../pub-1.hmsnap")))
                .isEqualTo("m: snapshot is not a .hmsnap file name: ../pub-1.hmsnap");
        assertThat(parse(good.replace("0000abcd", "0000ABCD")))
                .isEqualTo("m: checksum is not 8 lowercase hex digits: 0000ABCD");
        assertThat(parse(good.replace(",\"size\":10", "")))
                .isEqualTo("m: a published list manifest needs list, version, checksum, sha256, size and snapshot");
        assertThat(parse("[]")).isEqualTo("m: not a published list manifest: not a JSON object");
    }

    private static String parse(String json) {
        try {
            PublishedList.parse(json.getBytes(StandardCharsets.UTF_8), "m");
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
