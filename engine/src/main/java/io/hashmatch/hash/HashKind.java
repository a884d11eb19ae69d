package io.hashmatch.hash;

import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The kinds of hash a list entry can carry, with the canonical text form of each.
 *
 * <p>Hex kinds are normalised to lowercase hex of a fixed length. {@link #PHOTODNA} hashes are kept
 * (base64, as VICS stores them) so that a list survives a round trip, but hashmatch never matches
 * them: the algorithm is licensed and cannot be computed here.
 *
 * <p>Immutable; thread-safe.
 */
public enum HashKind {
    /** PDQ perceptual hash: 64 hex digits (256 bits), in the reference's hex order. */
    PDQ("PDQ", 64),
    /** MD5 of the file's bytes: 32 hex digits. */
    MD5("MD5", 32),
    /** SHA-1 of the file's bytes: 40 hex digits. */
    SHA1("SHA-1", 40),
    /** SHA-256 of the file's bytes: 64 hex digits. */
    SHA256("SHA-256", 64),
    /** PhotoDNA, base64 as in VICS: kept and written back, never matched. */
    PHOTODNA("PhotoDNA", 0);

    private final String label;
    private final int hexLength;

    HashKind(String label, int hexLength) {
        this.label = label;
        this.hexLength = hexLength;
    }

    /** Human name used in messages: {@code PDQ}, {@code MD5}, {@code SHA-1}, {@code SHA-256}, {@code PhotoDNA}. */
    public String label() {
        return label;
    }

    /** Number of hex digits of the canonical form, or 0 for {@link #PHOTODNA} (base64). */
    public int hexLength() {
        return hexLength;
    }

    /** Whether hashmatch can match this kind (everything but {@link #PHOTODNA}). */
    public boolean matchable() {
        return this != PHOTODNA;
    }

    /**
     * The canonical form of {@code value}: lowercase hex of {@link #hexLength()} digits, or the base64
     * text unchanged for {@link #PHOTODNA}.
     *
     * @throws IllegalArgumentException if {@code value} is not a valid hash of this kind; the message is the reason
     */
    public String normalize(String value) {
        Problem problem = check(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem.reason());
        }
        return canonical(value);
    }

    /** The canonical form of a value that passed {@link #check(String)} (no check: for parsers that report problems). */
    public String canonical(String value) {
        return this == PHOTODNA ? value : lowerHex(value);
    }

    /**
     * Why {@code value} is not a hash of this kind, or null when it is. Hex characters are checked before the
     * length, so that a typo is reported where it is.
     */
    public @Nullable Problem check(String value) {
        if (value.isEmpty()) {
            return new Problem("empty " + label + " hash", -1);
        }
        if (this == PHOTODNA) {
            try {
                Base64.getDecoder().decode(value);
                return null;
            } catch (IllegalArgumentException e) {
                return new Problem("PhotoDNA hash is not base64: " + e.getMessage(), -1);
            }
        }
        int bad = firstNonHex(value);
        if (bad >= 0) {
            return new Problem("not a hex digit in the " + label + " hash: " + describe(value.charAt(bad)), bad);
        }
        if (value.length() != hexLength) {
            return new Problem(label + " hash must be " + hexLength + " hex digits, got " + value.length(), -1);
        }
        return null;
    }

    /** Index of the first character that is not an ASCII hex digit, or -1. */
    public static int firstNonHex(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= HEX_DIGIT.length || !HEX_DIGIT[c]) {
                return i;
            }
        }
        return -1;
    }

    /** {@code HEX_DIGIT[c]}: whether ASCII character {@code c} is {@code 0-9}, {@code a-f} or {@code A-F}. */
    private static final boolean[] HEX_DIGIT = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            HEX_DIGIT[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
    }

    /** {@code c} for a message: quoted when printable ASCII, else its code point ({@code U+0009}). */
    public static String describe(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }

    /** {@code s} with {@code A-F} lowered; {@code s} itself when it has none (the usual case: no copy). */
    private static String lowerHex(String s) {
        int upper = 0;
        while (upper < s.length() && (s.charAt(upper) < 'A' || s.charAt(upper) > 'F')) {
            upper++;
        }
        if (upper == s.length()) {
            return s;
        }
        char[] out = new char[s.length()];
        for (int i = 0; i < out.length; i++) {
            char c = s.charAt(i);
            out[i] = c >= 'A' && c <= 'F' ? (char) (c + ('a' - 'A')) : c;
        }
        return new String(out);
    }

    /**
     * Why a value is not a valid hash of a kind.
     *
     * @param reason one line for a message
     * @param offset the 0-based offset in the value it concerns (-1: the value as a whole)
     */
    public record Problem(String reason, int offset) {}
}
