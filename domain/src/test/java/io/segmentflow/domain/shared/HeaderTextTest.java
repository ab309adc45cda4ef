package io.segmentflow.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b", "a\tb", "a\u007fb", "a\u0085b", "a\u2028b", "a\u2029b"})
    void every_character_that_can_break_a_header_line_is_a_control_character(String text) {
        assertThat(HeaderText.hasControlCharacters(text)).isTrue();
        assertThat(HeaderText.flatten(text)).isEqualTo("a b");
    }

    @Test
    void ordinary_text_in_any_script_is_left_alone() {
        String text = "Grüße, 你好 — ½ off!";

        assertThat(HeaderText.hasControlCharacters(text)).isFalse();
        assertThat(HeaderText.flatten(text)).isEqualTo(text);
    }

    @Test
    void a_run_of_breaks_becomes_one_space_and_the_ends_are_trimmed() {
        assertThat(HeaderText.flatten("\r\n Hello\r\n\r\nBcc: x@y.z\n")).isEqualTo("Hello Bcc: x@y.z");
    }
}
