package io.hashmatch.service.audit;

import io.hashmatch.service.cli.JsonStrings;
import io.hashmatch.service.http.MatchSummary;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The audit log file: appends one chained line per request ({@link AuditChain}) and continues the chain of an existing
 * file across restarts.
 *
 * <p>At start (the bean is created with the service's context, so a damaged log stops the start) only the last line
 * is read: it must be complete and end with a {@code prev}; its hash is the next line's {@code prev}. A torn last line
 * (a crash while writing) is refused with an {@link AuditLogException} rather than chained over. The whole chain is
 * checked by {@code hashmatch audit verify}, not at each start (the file may be large).
 *
 * <p>Each line is written with one {@code write} to a file opened in append mode, in the order of the chain. It is not
 * forced to disk: after a power loss the last lines may be missing, never reordered.
 *
 * <p>Thread-safe: appends are serialised (the chain is sequential).
 */
@Context
@Requires(notEnv = Environment.CLI)
public final class AuditLog implements AutoCloseable {
  private static final int TAIL_CHUNK = 4096;

  private final Path file;
  private final FileChannel channel;
  private String head;

  @Inject
  AuditLog(AuditConfiguration config) {
    this(Path.of(config.file()));
  }

  /**
   * Opens {@code file} for appending, creating it (and its folder) if missing.
   *
   * @throws AuditLogException if its last line is incomplete or not an audit line, or it cannot be opened
   */
  public AuditLog(Path file) {
    this.file = file;
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      this.head = readHead(file);
      this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new AuditLogException(file, "cannot open it: " + e.getMessage(), e);
    }
  }

  /** The hash the next line will carry as {@code prev}. */
  static String readHead(Path file) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return AuditChain.genesisHash();
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long size = f.length();
      f.seek(size - 1);
      if (f.read() != '\n') {
        throw new AuditLogException(file, "the last line is incomplete (the service stopped while writing it)");
      }
      long start = size - 1;
      byte[] tail = new byte[0];
      while (start > 0) {
        int n = (int) Math.min(TAIL_CHUNK, start);
        byte[] chunk = new byte[n];
        f.seek(start - n);
        f.readFully(chunk);
        byte[] joined = new byte[n + tail.length];
        System.arraycopy(chunk, 0, joined, 0, n);
        System.arraycopy(tail, 0, joined, n, tail.length);
        tail = joined;
        start -= n;
        int nl = lastNewline(chunk);
        if (nl >= 0) {
          int from = nl + 1;
          tail = java.util.Arrays.copyOfRange(tail, from, tail.length);
          break;
        }
      }
      // tail is the last line without its '\n'
      String last = new String(tail, StandardCharsets.UTF_8);
      if (AuditChain.prevOf(last) == null) {
        throw new AuditLogException(file, "the last line is not an audit line (it does not end with \"prev\")");
      }
      return AuditChain.hash(tail, 0, tail.length);
    }
  }

  private static int lastNewline(byte[] b) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Appends the line of one request.
   *
   * @param time when the request was answered
   * @param keyId the caller's key id, or null (no valid key, or an open route)
   * @param route {@code METHOD /template} of the route ({@code METHOD (no route)} for a request that matched none)
   * @param status the HTTP status answered
   * @param summary what a match or hash request did (counts and list versions only), or null
   * @throws AuditLogException if the line cannot be written
   */
  public void append(Instant time, @Nullable String keyId, String route, int status, @Nullable MatchSummary summary) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"time\":\"").append(time).append("\",\"key\":");
    if (keyId == null) {
      b.append("null");
    } else {
      JsonStrings.appendString(b, keyId);
    }
    b.append(",\"route\":");
    JsonStrings.appendString(b, route);
    b.append(",\"status\":").append(status);
    if (summary != null) {
      b.append(",\"queries\":").append(summary.queries()).append(",\"hits\":").append(summary.hits())
          .append(",\"matched\":").append(summary.matched()).append(",\"lists\":[");
      for (int i = 0; i < summary.lists().size(); i++) {
        b.append(i == 0 ? "" : ",");
        JsonStrings.appendString(b, summary.lists().get(i));
      }
      b.append(']');
    }
    b.append(",\"prev\":\"");
    synchronized (this) {
      b.append(head).append("\"}");
      String line = b.toString();
      byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
      try {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
      } catch (IOException e) {
        throw new AuditLogException(file, "cannot write: " + e.getMessage(), e);
      }
      head = AuditChain.hash(bytes, 0, bytes.length - 1);
    }
  }

  /** The file. */
  public Path file() {
    return file;
  }

  @Override
  @PreDestroy
  public synchronized void close() throws IOException {
    channel.close();
  }
}
