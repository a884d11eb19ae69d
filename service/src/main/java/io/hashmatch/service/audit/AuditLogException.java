package io.hashmatch.service.audit;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The audit log cannot be continued: its last line is incomplete (the service stopped while writing it) or is not an
 * audit line, or the file cannot be read or written. The service does not start rather than chain over a damaged
 * line; the message says what to do.
 *
 * <p>Immutable once thrown.
 */
public final class AuditLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AuditLogException(Path file, String problem) {
        super("audit log " + file + ": " + problem + "; check it with 'hashmatch audit verify " + file
                + "', then move it" + " aside (a new log is started) or repair it");
    }

    AuditLogException(Path file, String problem, @Nullable Throwable cause) {
        super("audit log " + file + ": " + problem, cause);
    }
}
