package io.hashmatch.list.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Detects a list's format from its first {@link #PEEK_BYTES} bytes (see {@link ListFormat#detect}).
 *
 * <p>Works on a stream that supports mark/reset and is positioned after the byte-order mark (if any); leaves
 * it where it was.
 */
final class FormatSniffer {
    static final int PEEK_BYTES = 1 << 16;

    private static final Pattern TYPED_SIGNAL = Pattern.compile("[A-Za-z][A-Za-z0-9_]*[ \\t]+\\S.*");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");
    private static final Pattern ICSE_HEADER = Pattern.compile("(?i)(\"?MD5\"?;.*|.*;\"?MD5\"?(;.*)?)");

    private FormatSniffer() {}

    /** Detects the format of a stream that may still start with a byte-order mark (skipped for the test). */
    static ListFormat detect(InputStream in, String file) throws IOException, ListFormatException {
        Bom.skip(in);
        return detectAfterBom(in, file);
    }

    /**
     * Whether the first line of {@code text} is one whole JSON object with a top-level {@code "path"} member: a
     * {@code hashmatch hash} record. A VICS document never is (its root has {@code @odata.context} and
     * {@code value}, and is rarely on one line).
     */
    private static boolean isHashRecord(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        try (JsonParser p = StrictJson.FACTORY.createParser(first)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean path = false;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                path |= p.currentName().equals("path");
                p.nextToken();
                p.skipChildren();
            }
            return path && p.nextToken() == null;
        } catch (IOException e) {
            return false; // not a JSON object on one line: the VICS reader reports what is wrong
        }
    }

    static ListFormat detectAfterBom(InputStream in, String file) throws IOException, ListFormatException {
        in.mark(PEEK_BYTES);
        byte[] head = in.readNBytes(PEEK_BYTES);
        in.reset();
        if (head.length == 0) {
            throw new ListFormatException(file, 0, 0, "empty file");
        }
        if (NsrlParser.isSqlite(head)) {
            return ListFormat.NSRL; // RDSv3
        }
        String text = new String(head, StandardCharsets.UTF_8);
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '{') {
            return isHashRecord(text.substring(i)) ? ListFormat.HASH_JSONL : ListFormat.VICS_JSON;
        }
        if (i < text.length() && text.charAt(i) == '<') {
            return ListFormat.NCMEC_XML;
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        int last = head.length == PEEK_BYTES ? lines.length - 1 : lines.length; // the last piece may be cut
        for (int n = 0; n < last; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("\"SHA-1\",\"MD5\",")) {
                return ListFormat.NSRL; // legacy NSRLFile.txt
            }
            if (line.startsWith("signal_type,")) {
                return ListFormat.TE_CSV;
            }
            if (ICSE_HEADER.matcher(line).matches()) {
                return ListFormat.ICSE_CSV;
            }
            // the raw line: a checksum line's name may be white space only ("<hex>   "), which stripping would hide
            if (ChecksumLinesParser.looksLikeChecksumLine(line)
                    || ChecksumLinesParser.looksLikeChecksumLine(lines[n].stripLeading())) {
                return ListFormat.CHECKSUMS; // before TE_TEXT: "d41d8cd9...  name" is also '<word> <signal>'
            }
            if (HexListParser.headerKind(line) != null || HEX.matcher(line).matches()) {
                return ListFormat.HEX;
            }
            if (TYPED_SIGNAL.matcher(line).matches()) {
                return ListFormat.TE_TEXT;
            }
            throw new ListFormatException(
                    file,
                    n + 1,
                    0,
                    "cannot detect the list format: line is not VICS JSON, NCMEC XML, a ThreatExchange CSV header,"
                            + " an ICSE header, a checksum line, '<signal_type> <signal>' or a hex hash");
        }
        if (head.length == PEEK_BYTES) {
            throw new ListFormatException(
                    file, 0, 0, "cannot detect the list format: no data in the first " + PEEK_BYTES + " bytes");
        }
        throw new ListFormatException(file, 0, 0, "no entries: only blank lines, comments or skipped signals");
    }
}
