package io.hashmatch.service.cli.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes of UTF-8 text written to a {@link Writer}, decoded as they stream (a character split across two writes
 * is kept until its last byte): lets engine code that writes {@code OutputStream}s write to a command's
 * {@code spec.commandLine().getOut()}. Malformed UTF-8 throws. {@link #close()} decodes the rest and flushes the
 * writer without closing it.
 *
 * <p>Not thread-safe.
 */
public final class WriterOutputStream extends OutputStream {
    private final Writer out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private boolean closed;

    public WriterOutputStream(Writer out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (len > 0) {
            int n = Math.min(len, bytes.remaining());
            bytes.put(b, off, n);
            off += n;
            len -= n;
            decode(false);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        decode(true);
        while (decoder.flush(chars).isOverflow()) {
            drain();
        }
        drain();
        out.flush();
    }

    private void decode(boolean endOfInput) throws IOException {
        bytes.flip();
        CoderResult r;
        do {
            r = decoder.decode(bytes, chars, endOfInput);
            if (r.isError()) {
                r.throwException();
            }
            drain();
        } while (r.isOverflow());
        bytes.compact();
    }

    private void drain() throws IOException {
        chars.flip();
        out.write(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining());
        chars.clear();
    }
}
