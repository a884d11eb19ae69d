package io.hashmatch.service.cli;

import io.hashmatch.hash.ExactHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes records as JSON Lines: one object per line, keys in a fixed order.
 *
 * <pre>{@code
 * {"path":"a.jpg","size":123,"md5":"..","sha1":"..","sha256":"..","pdq":"..","quality":100,"width":640,"height":480,"format":"jpeg"}
 * {"path":"b.png","size":7,"md5":"..","sha1":"..","sha256":"..","format":"png","error":{"code":"truncated","message":".."}}
 * }</pre>
 *
 * <p>Absent values are omitted, never {@code null}: exact hashes when the bytes were not read; pdq,
 * quality, width, height (and dihedral) when the file was not hashed as an image; format when unknown;
 * error on success. With dihedral enabled, successful records carry {@code "dihedral":[8 hex strings]}
 * after {@code format}, in the engine's order (original first).
 *
 * <p>Strings are escaped per RFC 8259: {@code "} and {@code \}, control characters (short escapes or
 * {@code \}{@code u00XX}), plus U+2028/U+2029 and unpaired surrogates as {@code \}{@code uXXXX}; other
 * characters are written as they are (the stream is UTF-8). File names that are not valid UTF-8 reach
 * here already decoded by the JVM, with U+FFFD in place of each invalid byte.
 *
 * <p>Not thread-safe.
 */
final class JsonLinesRecordWriter implements HashRecordWriter {
  private final Writer out;
  private final boolean dihedral;
  private final StringBuilder line = new StringBuilder(512);
  private long written;

  JsonLinesRecordWriter(Writer out, boolean dihedral) {
    this.out = out;
    this.dihedral = dihedral;
  }

  @Override
  public void begin() {}

  @Override
  public void write(HashRecord r) throws IOException {
    StringBuilder b = line;
    b.setLength(0);
    b.append("{\"path\":");
    appendString(b, r.path());
    if (r.size() != null) {
      b.append(",\"size\":").append(r.size().longValue());
    }
    ExactHashes exact = r.exact();
    if (exact != null) {
      b.append(",\"md5\":\"").append(exact.md5()).append('"');
      b.append(",\"sha1\":\"").append(exact.sha1()).append('"');
      b.append(",\"sha256\":\"").append(exact.sha256()).append('"');
    }
    PdqResult pdq = r.pdq();
    if (pdq != null) {
      b.append(",\"pdq\":\"").append(pdq.hash().toHex()).append('"');
      b.append(",\"quality\":").append(pdq.quality());
      b.append(",\"width\":").append(r.width());
      b.append(",\"height\":").append(r.height());
    }
    if (r.format() != null) {
      b.append(",\"format\":");
      appendString(b, r.format());
    }
    if (dihedral && pdq != null && !pdq.dihedral().isEmpty()) {
      b.append(",\"dihedral\":[");
      for (int i = 0; i < pdq.dihedral().size(); i++) {
        PdqHash h = pdq.dihedral().get(i);
        b.append(i == 0 ? "\"" : ",\"").append(h.toHex()).append('"');
      }
      b.append(']');
    }
    if (r.errorCode() != null) {
      b.append(",\"error\":{\"code\":");
      appendString(b, r.errorCode());
      b.append(",\"message\":");
      appendString(b, r.errorMessage() == null ? "" : r.errorMessage());
      b.append('}');
    }
    b.append("}\n");
    out.append(b);
    if (++written % CHECK_ERROR_EVERY == 0) {
      HashRecordWriter.checkError(out);
    }
  }

  @Override
  public void end() throws IOException {
    out.flush();
    HashRecordWriter.checkError(out);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Appends {@code s} as a JSON string literal, quotes included. */
  static void appendString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            appendUnicodeEscape(b, c);
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            appendUnicodeEscape(b, c); // unpaired: a UTF-8 encoder would turn it into '?'
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private static void appendUnicodeEscape(StringBuilder b, char c) {
    b.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
  }
}
