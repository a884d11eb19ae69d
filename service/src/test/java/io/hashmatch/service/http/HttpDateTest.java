package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The Date header of the JSON answers is the text Micronaut would have written. */
class HttpDateTest {
    @Test
    void rfc1123InGmt() {
        assertThat(HttpDate.format(1_796_612_066L)).isEqualTo("Mon, 7 Dec 2026 02:54:26 GMT");
        assertThat(HttpDate.format(0)).isEqualTo("Thu, 1 Jan 1970 00:00:00 GMT");
    }

    /** Micronaut's way: the local time now, in the system's zone, converted to GMT (MutableHttpHeaders#date). */
    @Test
    void sameAsMicronautsHeader() {
        for (int i = 0; i < 3; i++) {
            long before = System.currentTimeMillis() / 1000;
            String micronaut = ZonedDateTime.of(LocalDateTime.now(), ZoneId.systemDefault())
                    .withZoneSameInstant(ZoneId.of("GMT"))
                    .format(DateTimeFormatter.RFC_1123_DATE_TIME);
            String ours = HttpDate.now();
            if (System.currentTimeMillis() / 1000 == before) { // both read within one second
                assertThat(ours).isEqualTo(micronaut);
                return;
            }
        }
        throw new AssertionError("the clock crossed a second boundary three times in a row");
    }
}
