package io.hashmatch.list.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The hash-list formats hashmatch reads, and how each is recognised from content (never from the file name).
 * {@code hashlists/FORMATS.md} documents each in full.
 *
 * <p>Immutable; thread-safe.
 */
public enum ListFormat {
    /** ThreatExchange/HMA signal file: {@code <signal_type> <signal>} per line, or the bare signal. */
    TE_TEXT("te-text"),
    /** ThreatExchange dataset CSV: header {@code signal_type,signal_str,collab,category,tags}. */
    TE_CSV("te-csv"),
    /** Project VIC VICS JSON (OData), 1.x ({@code odata.metadata}) and 2.0 ({@code @odata.context}). */
    VICS_JSON("vics"),
    /** One hex hash per line; the kind follows from the length (64 digits: stated by the caller). */
    HEX("hex"),
    /**
     * The JSON Lines records of {@code hashmatch hash} (with or without {@code "variants"}): one entry (item) per
     * record, holding the record's whole-image PDQ and exact hashes and the PDQ hash of each of its variants.
     */
    HASH_JSONL("jsonl"),
    /**
     * Meta's vPDQ hash file of one video ({@code frameIndex,quality,hash,timestamp} per line): the whole file is one
     * entry carrying a video. Imported by {@code ListImporter}; {@link ListReader} does not read it.
     */
    VPDQ("vpdq"),
    /**
     * INTERPOL ICSE export: {@code ;}-separated CSV whose header names {@code MD5}, {@code SHA1}, {@code PhotoDNA},
     * {@code Image ID} and ICSE's flag columns.
     */
    ICSE_CSV("icse"),
    /** NCMEC hash-list XML: elements that hold {@code MD5}/{@code SHA1}/{@code SHA256}/{@code PhotoDNA} hashes. */
    NCMEC_XML("ncmec"),
    /**
     * Checksum-tool lines: {@code md5sum}/{@code sha1sum}/{@code sha256sum} ({@code <hex>  <name>}, {@code <hex> *<name>})
     * and the BSD tag form ({@code SHA256 (<name>) = <hex>}).
     */
    CHECKSUMS("checksums"),
    /**
     * NIST NSRL Reference Data Set (known software, for known-good filtering): RDSv3 SQLite database (read from a
     * file) or legacy {@code NSRLFile.txt}.
     */
    NSRL("nsrl");

    private final String cliName;

    ListFormat(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The name used on the command line and in configuration: {@code te-text}, {@code te-csv}, {@code vics},
     * {@code hex}, {@code jsonl}, {@code vpdq}, {@code icse}, {@code ncmec}, {@code checksums}, {@code nsrl}.
     */
    public String cliName() {
        return cliName;
    }

    /** The format named {@code name} ({@link #cliName()} or the constant's name, any case); empty for {@code auto} or unknown. */
    public static Optional<ListFormat> fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ListFormat f : values()) {
            if (f.cliName.equals(n) || f.name().toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Detects the format of {@code file} from its first bytes: after an optional UTF-8 byte-order mark and
     * blank space, <code>'{'</code> is {@code hashmatch hash} JSON Lines when the first line is one whole JSON
     * object with a {@code "path"} member, else VICS JSON, and {@code '<'} NCMEC XML; a SQLite database or a header
     * {@code "SHA-1","MD5",...} is the NSRL; otherwise the first line that is neither
     * blank nor a {@code #} comment decides: {@code signal_type,...} is ThreatExchange CSV, a {@code ;}-separated
     * header naming {@code MD5} ICSE CSV, a checksum-tool line checksums, a one-word header ({@code MD5},
     * {@code SHA1}, {@code SHA256}, {@code PDQ}) or bare hex a hex list, {@code <word> <signal>} ThreatExchange
     * text.
     *
     * @throws ListFormatException if the file is empty or its first line fits no format
     * @throws IOException if the file cannot be read
     */
    public static ListFormat detect(Path file) throws IOException, ListFormatException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), FormatSniffer.PEEK_BYTES)) {
            return FormatSniffer.detect(in, file.toString());
        }
    }
}
