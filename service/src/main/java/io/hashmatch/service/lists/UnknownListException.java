package io.hashmatch.service.lists;

import java.util.List;
import java.util.Objects;

/**
 * A request named lists that are not served. Carries the unknown names and the served ones.
 *
 * <p>Immutable once thrown.
 */
public final class UnknownListException extends Exception {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // List.copyOf always returns a serializable list
    private final List<String> unknown;

    UnknownListException(List<String> unknown, List<String> served) {
        super("no list named "
                + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList()) + " (lists: "
                + (served.isEmpty() ? "none" : String.join(", ", served)) + ")");
        this.unknown = List.copyOf(unknown);
    }

    /** Names the unknown lists and the served ones; never null. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    /** The names asked for that are not served. */
    public List<String> unknown() {
        return unknown;
    }
}
