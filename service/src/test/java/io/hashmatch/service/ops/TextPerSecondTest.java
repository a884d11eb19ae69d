package io.hashmatch.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextPerSecondTest {
    @Test
    void eachSecondIsFormattedOnceWhileItLastsAndAgainWhenItComesBack() {
        List<Long> formatted = new ArrayList<>();
        TextPerSecond text = new TextPerSecond(s -> {
            formatted.add(s);
            return "s" + s;
        });
        assertThat(text.at(5)).isEqualTo("s5");
        assertThat(text.at(5)).isEqualTo("s5");
        assertThat(text.at(6)).isEqualTo("s6");
        assertThat(text.at(5)).isEqualTo("s5");
        assertThat(text.at(0)).isEqualTo("s0");
        assertThat(formatted).containsExactly(0L, 5L, 6L, 5L, 0L);
    }
}
