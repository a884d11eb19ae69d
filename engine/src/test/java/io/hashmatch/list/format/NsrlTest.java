package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.HashKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NSRL known-good lists: an RDSv3 SQLite database made here with NIST's schema, and the legacy NSRLFile.txt. */
class NsrlTest {
    @TempDir
    Path tmp;

    static final String SHA256_A = "a".repeat(64);
    static final String SHA256_B = "b".repeat(64);

    /** NIST's RDSv3 FILE table (the columns of the published schema), with one file shipped by two packages. */
    static Path rds3(Path dir) throws Exception {
        Path db = dir.resolve("RDS_2024.12.1_modern_minimal.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE FILE (sha256 VARCHAR NOT NULL, sha1 VARCHAR NOT NULL, md5 VARCHAR NOT NULL,"
                    + " crc32 VARCHAR NOT NULL, file_name VARCHAR NOT NULL, file_size INTEGER NOT NULL,"
                    + " package_id INTEGER NOT NULL)");
            s.execute("CREATE TABLE PKG (package_id INTEGER, name VARCHAR, version VARCHAR)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO FILE VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                row(p, SHA256_B.toUpperCase(), "2".repeat(40), "2".repeat(32), "kernel32.dll", 1);
                row(p, SHA256_A.toUpperCase(), "1".repeat(40), "1".repeat(32), "notepad.exe", 1);
                row(p, SHA256_A.toUpperCase(), "1".repeat(40), "1".repeat(32), "notepad.exe", 2);
            }
        }
        return db;
    }

    private static void row(PreparedStatement p, String sha256, String sha1, String md5, String name, int pkg)
            throws Exception {
        p.setString(1, sha256);
        p.setString(2, sha1.toUpperCase());
        p.setString(3, md5.toUpperCase());
        p.setString(4, "00000000");
        p.setString(5, name);
        p.setLong(6, 100);
        p.setInt(7, pkg);
        p.executeUpdate();
    }

    static List<ListEntry> read(Path file, ReadOptions options) throws Exception {
        List<ListEntry> out = new ArrayList<>();
        try (ListReader r = ListReader.open(file, options)) {
            for (ListEntry e; (e = r.next()) != null; ) {
                out.add(e);
            }
            assertThat(r.format()).isEqualTo(ListFormat.NSRL);
        }
        return out;
    }

    @Test
    void rds3OneEntryPerDistinctContent() throws Exception {
        Path db = rds3(tmp);
        byte[] before = Files.readAllBytes(db);
        List<ListEntry> entries = read(db, ReadOptions.DEFAULTS);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).hashes())
                .isEqualTo(
                        Map.of(HashKind.SHA256, SHA256_A, HashKind.SHA1, "1".repeat(40), HashKind.MD5, "1".repeat(32)));
        assertThat(entries.get(0).externalId()).isEqualTo("notepad.exe");
        assertThat(entries.get(0).category()).isNull();
        assertThat(entries.get(1).externalId()).isEqualTo("kernel32.dll");
        assertThat(entries.get(1).sourceList()).isEqualTo(db.getFileName().toString());
        assertThat(Files.readAllBytes(db)).as("opened read-only").isEqualTo(before);
        assertThat(read(db, ReadOptions.DEFAULTS.withFormat(ListFormat.NSRL))).isEqualTo(entries);
    }

    @Test
    void sqliteWithoutTheFileTableIsATypedError() throws Exception {
        Path db = tmp.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE T (x INTEGER)");
        }
        assertThatThrownBy(() -> read(db, ReadOptions.DEFAULTS))
                .isInstanceOf(ListFormatException.class)
                .hasMessageContaining("not an NSRL RDSv3 database");
    }

    @Test
    void legacyNsrlFileTxtGroupsProductsOfOneFile() throws Exception {
        Path txt = tmp.resolve("NSRLFile.txt");
        Files.writeString(txt, """
                "SHA-1","MD5","CRC32","FileName","FileSize","ProductCode","OpSystemCode","SpecialCode"
                "000000206738748EDD92C4E3D2E823896700F849","392126E756571EBF112CB1C1CDEDF926","EBD105A0","I05002T2.PFB","98865",3095,"WIN",""
                "000000206738748EDD92C4E3D2E823896700F849","392126E756571EBF112CB1C1CDEDF926","EBD105A0","I05002T2.PFB","98865",3096,"WIN",""
                "0000004DA6391F7F5D2F7FCCF36CEBDA60C6EA02","0E53C14A3E48D94FF596A2824307B492","AA6A7B16","00br2026.gif","2226",228,"WIN",""
                """, StandardCharsets.UTF_8);
        List<ListEntry> entries = read(txt, ReadOptions.DEFAULTS);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).hashes())
                .isEqualTo(Map.of(
                        HashKind.SHA1, "000000206738748edd92c4e3d2e823896700f849",
                        HashKind.MD5, "392126e756571ebf112cb1c1cdedf926"));
        assertThat(entries.get(0).externalId()).isEqualTo("I05002T2.PFB");
        assertThat(entries.get(1).line()).isEqualTo(4);
    }
}
