package io.hashmatch.service.intake;

import java.security.SecureRandom;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Receipt codes: 16 characters of Crockford's base 32 (80 random bits), shown in groups of four
 * ({@code 7QK2-M9XD-...}), typed back in any case, with or without dashes or spaces, {@code O} read as {@code 0} and
 * {@code I}/{@code L} as {@code 1}. Thread-safe.
 */
final class ReceiptCodes {
    static final int LENGTH = 16;
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReceiptCodes() {}

    /** A new random code, normalized (no dashes). */
    static String next() {
        char[] c = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            c[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(c);
    }

    /** {@code code} as shown to people: groups of four joined by dashes. */
    static String display(String code) {
        StringBuilder b = new StringBuilder(LENGTH + 3);
        for (int i = 0; i < code.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                b.append('-');
            }
            b.append(code.charAt(i));
        }
        return b.toString();
    }

    /** The normalized form of a typed code, or null if it cannot be a code. */
    static @Nullable String normalize(String typed) {
        if (typed.length() > 64) {
            return null;
        }
        StringBuilder b = new StringBuilder(LENGTH);
        for (char ch : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (ch == '-' || ch == ' ') {
                continue;
            }
            char c =
                    switch (ch) {
                        case 'O' -> '0';
                        case 'I', 'L' -> '1';
                        default -> ch;
                    };
            if (ALPHABET.indexOf(c) < 0) {
                return null;
            }
            b.append(c);
        }
        return b.length() == LENGTH ? b.toString() : null;
    }
}
