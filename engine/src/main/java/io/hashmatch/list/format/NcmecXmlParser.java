package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * NCMEC hash-list XML, read as a stream (StAX): memory holds the element path being read, whatever the file size.
 * NCMEC does not publish one schema for the lists it shares, so the reader takes the shapes met in them: an element
 * is a record when it holds hashes as
 *
 * <ul>
 *   <li>child elements named {@code MD5}, {@code SHA1}/{@code SHA-1}, {@code SHA256}/{@code SHA-256} or
 *       {@code PhotoDNA} (any case, any namespace; {@code <MD5>…</MD5>}),
 *   <li>attributes of those names ({@code <File md5="…" sha1="…"/>}),
 *   <li>or child elements {@code <Hash type="MD5">…</Hash>} ({@code type}, {@code algorithm} or {@code kind}).
 * </ul>
 *
 * A child or attribute named {@code ID}, {@code ImageID} or {@code FileID} gives the external id, {@code Category}
 * the category. A record's hashes become one entry, its line the line of the element's start tag. Document type
 * declarations and external entities are refused (never resolved): a list is data, not a fetch instruction.
 *
 * <p>NCMEC's hash-sharing API (v2) layout, which {@link NcmecXmlWriter} writes, is one of these shapes: an
 * {@code <image>} or {@code <video>} whose {@code <fingerprints>} hold {@code <md5>}, {@code <sha1>}, {@code <pdq>},
 * {@code <pdna>} (PhotoDNA) and hashmatch's {@code <sha256>} (other fingerprint types are skipped); its {@code <id>}
 * is the external id, {@code <classification>} the category, {@code <timestamp>} the date added and
 * {@code <member id="42">} the tag {@value NcmecXmlWriter#MEMBER_TAG}{@code 42}. Tombstones ({@code <deletedImage>})
 * hold no fingerprint and give no entry.
 */
final class NcmecXmlParser implements EntryParser {
    private static final XMLInputFactory FACTORY = factory();

    /** One open element: what its children and attributes gave so far. */
    private static final class Frame {
        final int line;
        final EnumMap<HashKind, String> hashes = new EnumMap<>(HashKind.class);

        @Nullable
        String id;

        @Nullable
        String category;

        @Nullable
        HashKind hashAttributeKind; // <Hash type="MD5">: the kind its text is

        @Nullable
        Instant date;

        @Nullable
        String member;

        final StringBuilder text = new StringBuilder();

        Frame(int line) {
            this.line = line;
        }
    }

    private final XMLStreamReader xml;
    private final ParseContext ctx;
    private final Deque<Frame> open = new ArrayDeque<>();

    NcmecXmlParser(InputStream in, ParseContext ctx) throws ListFormatException {
        this.ctx = ctx;
        try {
            this.xml = FACTORY.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw error(e);
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    @Override
    public @Nullable ListEntry next() throws IOException, ListFormatException {
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> start();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        Frame top = open.peek();
                        if (top != null) {
                            top.text.append(xml.getText());
                        }
                    }
                    case XMLStreamConstants.DTD ->
                        throw ctx.error(line(), 0, "document type declarations are not accepted in a hash list");
                    case XMLStreamConstants.END_ELEMENT -> {
                        ListEntry e = end();
                        if (e != null) {
                            return e;
                        }
                    }
                    default -> {
                        // comments, processing instructions, white space outside elements
                    }
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw error(e);
        }
    }

    private void start() throws ListFormatException {
        Frame f = new Frame(line());
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String name = xml.getAttributeLocalName(i).toLowerCase(Locale.ROOT);
            String value = xml.getAttributeValue(i).strip();
            if (value.isEmpty()) {
                continue;
            }
            HashKind kind = kindNamed(name);
            if (kind != null) {
                put(f, kind, value, f.line);
            } else if (isId(name)) {
                f.id = value;
            } else if (name.equals("category")) {
                f.category = value;
            } else if (name.equals("type") || name.equals("algorithm") || name.equals("kind")) {
                f.hashAttributeKind = kindNamed(value.toLowerCase(Locale.ROOT));
            }
        }
        open.push(f);
    }

    private @Nullable ListEntry end() throws ListFormatException {
        Frame f = open.pop();
        String name = xml.getLocalName().toLowerCase(Locale.ROOT);
        String text = f.text.toString().strip();
        Frame parent = open.peek();
        if (parent != null && name.equals("fingerprints")) {
            for (Map.Entry<HashKind, String> h : f.hashes.entrySet()) {
                put(parent, h.getKey(), h.getValue(), f.line); // NCMEC's container: its hashes are its parent's
            }
            return null;
        }
        if (parent != null && name.equals("member")) {
            parent.member = f.id; // <member id="42">Member name</member>: who shared the entry, not a record
            return null;
        }
        if (parent != null && !text.isEmpty()) {
            HashKind kind = kindNamed(name);
            if (kind == null && name.equals("hash")) {
                kind = f.hashAttributeKind;
            }
            if (kind != null) {
                put(parent, kind, text, f.line);
                return null;
            }
            if (isId(name)) {
                parent.id = text;
            } else if (name.equals("category") || name.equals("classification")) {
                parent.category = text;
            } else if (name.equals("timestamp")) {
                parent.date = DateSyntax.parse(text);
                if (parent.date == null) {
                    throw ctx.error(f.line, 0, "timestamp is not an ISO-8601 date-time: " + text);
                }
            }
        }
        if (f.hashes.isEmpty()) {
            return null;
        }
        List<String> tags =
                f.member == null ? List.of() : List.of(NcmecXmlWriter.MEMBER_TAG + IcseCsvParser.tagSafe(f.member));
        return new ListEntry(f.hashes, f.id, f.category, tags, ctx.sourceList(null), f.date, f.line);
    }

    private void put(Frame f, HashKind kind, String value, int line) throws ListFormatException {
        String canonical = EntryParser.canonicalHash(ctx, kind, value, line, 0);
        String earlier = f.hashes.putIfAbsent(kind, canonical);
        if (earlier != null && !earlier.equals(canonical)) {
            throw ctx.error(
                    line,
                    0,
                    "a second, different " + kind.label() + " hash in one record (first on line " + f.line + ")");
        }
    }

    private static @Nullable HashKind kindNamed(String lowerName) {
        return switch (lowerName) {
            case "md5" -> HashKind.MD5;
            case "sha1", "sha-1" -> HashKind.SHA1;
            case "sha256", "sha-256" -> HashKind.SHA256;
            case "photodna", "pdna" -> HashKind.PHOTODNA;
            case "pdq" -> HashKind.PDQ;
            default -> null;
        };
    }

    private static boolean isId(String lowerName) {
        return lowerName.equals("id") || lowerName.equals("imageid") || lowerName.equals("fileid");
    }

    private int line() {
        return Math.max(0, xml.getLocation().getLineNumber());
    }

    private ListFormatException error(XMLStreamException e) {
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNumber());
        int column = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNumber());
        String message = String.valueOf(e.getMessage());
        int cut = message.indexOf("Message: ");
        return ctx.error(line, column, "invalid XML: " + (cut >= 0 ? message.substring(cut + 9) : message).strip());
    }
}
