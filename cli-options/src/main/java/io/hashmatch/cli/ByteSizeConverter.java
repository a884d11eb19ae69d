package io.hashmatch.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Parses a byte count: digits with an optional binary suffix {@code K}, {@code M} or {@code G} (any case,
 * optionally followed by {@code B} or {@code iB}): {@code 1048576}, {@code 1024K}, {@code 256M},
 * {@code 1GiB}.
 *
 * <p>Stateless; thread-safe.
 */
public final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    /** For picocli, which creates converters by reflection. */
    public ByteSizeConverter() {}

    @Override
    public Long convert(String value) {
        String s = value.trim().toUpperCase(Locale.ROOT);
        if (s.endsWith("IB")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("B") && s.length() > 1 && !Character.isDigit(s.charAt(s.length() - 2))) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                default -> {}
            }
        }
        if (shift > 0) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s);
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(
                    "expected a byte count such as 1048576, 512K, 256M or 1G, got '" + value + "'");
        }
    }
}
