package io.hashmatch.scan;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a disk image's medium, as read now, still has the hashes its acquiring tool stored in it (an E01's MD5,
 * and SHA-1 when stored), as {@code ewfverify} checks it: the medium is read through libewf from its first byte to
 * its last, in the same pass that takes the image files' own hashes.
 *
 * <p>Immutable; thread-safe.
 *
 * @param outcome verified, mismatch, absent or unreadable
 * @param md5 MD5 of the medium as read (of an E01 without a stored hash too), or null when it could not be read to
 *     its end, or the image is raw (its files' own MD5 is the medium's)
 * @param sha1 SHA-1 of the medium as read, or null when none was stored to compare with, or it was not read
 * @param detail what differs or why it could not be read (the chunks whose checksum failed, libewf's error), or null
 */
public record AcquisitionHash(
        Outcome outcome,
        @Nullable String md5,
        @Nullable String sha1,
        @Nullable String detail) {
    /** Checks for nulls. */
    public AcquisitionHash {
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The outcome of a raw image: it carries no acquisition hash. */
    static final AcquisitionHash NONE_STORED =
            new AcquisitionHash(Outcome.ABSENT, null, null, "the image stores no acquisition hash");

    /** What the check found. */
    public enum Outcome {
        /** Every hash stored equals the medium's as read. */
        VERIFIED,
        /** A hash stored differs from the medium's as read: the medium changed since acquisition (a finding). */
        MISMATCH,
        /** The image stores no acquisition hash (a raw image, or an E01 whose tool stored none). */
        ABSENT,
        /**
         * The medium could not be read whole (a segment missing or cut short): a read failed, or, with no acquisition
         * hash libewf can read, chunks failed their own checksum. Nothing to compare.
         */
        UNREADABLE;

        /** Lower-case code used in reports ({@code "mismatch"}...). */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The value whose {@link #code()} is {@code code}. @throws IllegalArgumentException if none is */
        static Outcome fromCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }
}
