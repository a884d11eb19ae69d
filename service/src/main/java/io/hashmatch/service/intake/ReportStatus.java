package io.hashmatch.service.intake;

import java.util.Locale;

/** Where a report stands; its {@link #id()} is what the database and the API carry. Immutable; thread-safe. */
enum ReportStatus {
    /** Stored; no hotline action yet. */
    RECEIVED,
    /** The hotline confirmed it: its hashes are in the hotline's list. */
    CONFIRMED,
    /** The hotline forwarded it (to the police). */
    FORWARDED,
    /** The hotline dismissed it, with a reason. */
    DISMISSED;

    /** {@code received}, {@code confirmed}, ... */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of {@code id}; throws {@link IllegalArgumentException} for an unknown one. */
    static ReportStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
