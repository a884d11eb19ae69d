package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --known-good}: files an NSRL RDSv3 database (made here with NIST's schema) holds are marked known and
 * not reviewed; a file that also hits a list of known material stays a hit.
 */
class ScanKnownGoodTest {
    @TempDir
    Path tmp;

    Path snapshot;
    Path evidence;

    @BeforeEach
    void setUp() throws Exception {
        snapshot = ScanCommandTest.demoSnapshot(tmp);
        evidence = ScanCommandTest.evidenceTree(tmp);
    }

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    /** An RDSv3 database: the FILE table of NIST's published schema, upper-case hex as NIST writes it. */
    static Path rds3(Path db, List<byte[]> files) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE FILE (sha256 VARCHAR NOT NULL, sha1 VARCHAR NOT NULL, md5 VARCHAR NOT NULL,"
                    + " crc32 VARCHAR NOT NULL, file_name VARCHAR NOT NULL, file_size INTEGER NOT NULL,"
                    + " package_id INTEGER NOT NULL)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO FILE VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                int i = 0;
                for (byte[] f : files) {
                    p.setString(1, hex("SHA-256", f).toUpperCase());
                    p.setString(2, hex("SHA-1", f).toUpperCase());
                    p.setString(3, hex("MD5", f).toUpperCase());
                    p.setString(4, "00000000");
                    p.setString(5, "file" + i++);
                    p.setLong(6, f.length);
                    p.setInt(7, 1);
                    p.executeUpdate();
                }
            }
        }
        return db;
    }

    @Test
    void knownGoodFilesAreCountedNotReviewedAndNeverHideAHit() throws Exception {
        byte[] grad = Files.readAllBytes(evidence.resolve("sub/grad.png"));
        byte[] noise = Files.readAllBytes(ScanCommandTest.image("syn_noise_64x48.png")); // a hit on demo (MD5)
        Path nsrl = rds3(tmp.resolve("RDS_test_minimal.db"), List.of(grad, noise, "unrelated".getBytes()));
        Path out = tmp.resolve("report");
        Cli.Result r = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--known-good",
                nsrl.toString(),
                "--out",
                out.toString(),
                "--quiet",
                evidence.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines())
                .containsExactly(
                        "scanned 4 records (image 3, archive 1), 0 with errors",
                        "matched 2 records (2 hits); 0 near-duplicate groups",
                        "known-good 1 records (not reviewed)",
                        "reports in " + out);
        Map<String, Map<String, Object>> byLocation = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out.resolve("files.jsonl"))) {
            Map<String, Object> o = Json.object(line);
            byLocation.put(o.get("path") + (o.containsKey("entry") ? "!/" + o.get("entry") : ""), o);
        }
        String list = "RDS_test_minimal";
        Map<String, Object> gradRecord =
                byLocation.get(evidence.resolve("sub/grad.png").toString());
        assertThat(gradRecord).containsEntry("known_good", list).containsEntry("matched", false);
        Map<String, Object> noiseRecord = byLocation.get(evidence.resolve("sub/pics.zip") + "!/noise.png");
        assertThat(noiseRecord).containsEntry("known_good", list).containsEntry("matched", true);
        assertThat(byLocation.get(evidence.resolve("sub/text.bin").toString()))
                .doesNotContainKey("known_good")
                .containsEntry("matched", true);
        assertThat(byLocation.get(evidence.resolve("sub/pics.zip").toString())).doesNotContainKey("known_good");
        // the hit on the known-good file is still a hit
        assertThat(Files.readAllLines(out.resolve("hits.csv")).stream()
                        .skip(1)
                        .map(l -> l.split(",")[1] + " " + l.split(",")[5]))
                .containsExactly("noise.png md5", " pdq");
        List<String> csv = Files.readAllLines(out.resolve("files.csv"));
        int column = List.of(csv.get(0).split(",")).indexOf("known_good");
        assertThat(csv.stream()
                        .skip(1)
                        .filter(l -> l.split(",", -1)[column].equals(list))
                        .map(l -> l.split(",")[0] + "|" + l.split(",")[1]))
                .containsExactlyInAnyOrder(
                        evidence.resolve("sub/grad.png") + "|", evidence.resolve("sub/pics.zip") + "|noise.png");
        String custody = Files.readString(out.resolve("custody.json"));
        assertThat(custody).contains("\"known_good\" : 1", "\"name\" : \"" + list + "\"");
        assertThat(Files.readString(out.resolve("report.html")))
                .contains("also on known-good list " + list)
                .contains("<th>Known-good records (on a known-good list, no hit: not reviewed)</th><td>1</td>");
    }
}
