package io.hashmatch.service.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    UnknownListException(List<String> unknown, List<String> served, Map<String, String> failures) {
        super(message(unknown, served, failures));
        this.unknown = List.copyOf(unknown);
    }

    /** Names the lists; one that failed to load is named with why. */
    private static String message(List<String> unknown, List<String> served, Map<String, String> failures) {
        List<String> parts = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String n : unknown) {
            String why = failures.get(n);
            if (why == null) {
                absent.add("'" + n + "'");
            } else {
                parts.add("list '" + n + "' failed to load: " + why);
            }
        }
        if (!absent.isEmpty()) {
            parts.add(0, "no list named " + String.join(", ", absent));
        }
        return String.join("; ", parts) + " (lists: " + (served.isEmpty() ? "none" : String.join(", ", served)) + ")";
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
