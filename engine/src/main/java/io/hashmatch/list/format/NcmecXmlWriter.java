package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.jspecify.annotations.Nullable;

/**
 * {@link ListFormat#NCMEC_XML} writer (see {@link ListWriter}), streaming through the JDK's StAX
 * {@link XMLStreamWriter}: the entries in the layout of NCMEC's hash-sharing API (v2) answers, the XML NCMEC's own
 * lists come in and that {@link NcmecXmlParser} and python-threatexchange's NCMEC client read:
 *
 * <pre>{@code
 * <queryResult xmlns="https://hashsharing.ncmec.org/hashsharing/v2">
 *  <images>
 *   <image>
 *    <member id="42"/>            (the entry's tag ncmec-member:42, else the configured member, else none)
 *    <timestamp>2026-11-01T00:00:00Z</timestamp>
 *    <id>100</id>
 *    <classification>A1</classification>
 *    <fingerprints><md5/><sha1/><sha256/><pdq/><pdna/></fingerprints>
 *   </image>
 *  </images>
 * </queryResult>
 * }</pre>
 *
 * The member is the one who shared the entry: an entry read from NCMEC keeps its own ({@value #MEMBER_TAG} tag), the
 * others get the member id given to {@link ListWriter#ncmec} (the exporter's own NCMEC member id), or none without
 * one. python-threatexchange's NCMEC client ({@code NCMECEntryUpdate.from_xml} in
 * {@code threatexchange/exchanges/clients/ncmec/hash_api.py}) needs {@code <member id>} on every entry. The timestamp
 * is the date added in whole seconds (NCMEC's {@code yyyy-MM-dd'T'HH:mm:ss'Z'}); the classification the
 * list's category as it is; the tags other than the member's are not written (NCMEC entries have none). Characters
 * XML 1.0 cannot hold (control characters but tab and line breaks) are written as U+FFFD.
 */
final class NcmecXmlWriter implements ListWriter {
    static final String NAMESPACE = "https://hashsharing.ncmec.org/hashsharing/v2";
    /** The tag that carries an NCMEC entry's member id through hashmatch. */
    static final String MEMBER_TAG = "ncmec-member:";

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();
    private static final HashKind[] ORDER = {
        HashKind.MD5, HashKind.SHA1, HashKind.SHA256, HashKind.PDQ, HashKind.PHOTODNA
    };

    private final OutputStream out;
    private final XMLStreamWriter x;
    private final @Nullable String member;
    private boolean closed;

    /** A writer onto {@code out}; {@code member} is the member id of entries without their own, or null. */
    NcmecXmlWriter(OutputStream out, @Nullable Long member) throws IOException {
        if (member != null && member <= 0) {
            throw new IllegalArgumentException("an NCMEC member id is a positive number: " + member);
        }
        this.out = out;
        this.member = member == null ? null : member.toString();
        try {
            x = FACTORY.createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            x.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("queryResult");
            x.writeDefaultNamespace(NAMESPACE);
            indent(1);
            x.writeStartElement("images");
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    @Override
    public boolean write(ListEntry e) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        try {
            indent(2);
            x.writeStartElement("image");
            String id = member;
            for (String tag : e.tags()) {
                if (tag.startsWith(MEMBER_TAG) && tag.length() > MEMBER_TAG.length()) {
                    id = tag.substring(MEMBER_TAG.length());
                    break;
                }
            }
            if (id != null) {
                indent(3);
                x.writeEmptyElement("member");
                x.writeAttribute("id", id);
            }
            if (e.dateAdded() != null) {
                element(
                        3,
                        "timestamp",
                        e.dateAdded().truncatedTo(ChronoUnit.SECONDS).toString());
            }
            if (e.externalId() != null) {
                element(3, "id", e.externalId());
            }
            if (e.category() != null) {
                element(3, "classification", e.category());
            }
            indent(3);
            x.writeStartElement("fingerprints");
            for (HashKind kind : ORDER) {
                String hash = e.hash(kind);
                if (hash != null) {
                    element(4, fingerprint(kind), hash);
                }
            }
            indent(3);
            x.writeEndElement();
            indent(2);
            x.writeEndElement();
        } catch (XMLStreamException ex) {
            throw new IOException(ex);
        }
        return true;
    }

    /** The element name of {@code kind} among NCMEC's fingerprints ({@code sha256} is hashmatch's: NCMEC has none). */
    static String fingerprint(HashKind kind) {
        return switch (kind) {
            case MD5 -> "md5";
            case SHA1 -> "sha1";
            case SHA256 -> "sha256";
            case PDQ -> "pdq";
            case PHOTODNA -> "pdna";
        };
    }

    private void element(int depth, String name, String text) throws XMLStreamException {
        indent(depth);
        x.writeStartElement(name);
        // a parser turns a carriage return in text into a line feed: written as a reference it stays one
        String safe = xmlText(text);
        int from = 0;
        for (int cr = safe.indexOf('\r'); cr >= 0; cr = safe.indexOf('\r', from)) {
            x.writeCharacters(safe.substring(from, cr));
            x.writeEntityRef("#13");
            from = cr + 1;
        }
        x.writeCharacters(safe.substring(from));
        x.writeEndElement();
    }

    private void indent(int depth) throws XMLStreamException {
        x.writeCharacters("\n" + " ".repeat(depth));
    }

    /** {@code s} with the characters XML 1.0 cannot hold replaced by U+FFFD. */
    static String xmlText(String s) {
        @Nullable StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
            if (!ok && b == null) {
                b = new StringBuilder(s.substring(0, i));
            }
            if (b != null) {
                b.append(ok ? c : '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            indent(1);
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        } finally {
            out.close(); // XMLStreamWriter.close does not close the stream
        }
    }
}
