package io.segmentflow.domain.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateContentTest {
    private static final String HTML = "<p>Hello</p>";

    private static String fieldOf(Throwable e) {
        return ((InvalidValueException) e).field();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello\r\nBcc: x@y.z", "Hello\r", "Hello\nthere", "Hello\u0000", "Hello\u2028there"})
    void a_subject_is_one_header_line(String subject) {
        assertThatThrownBy(() -> new TemplateContent(subject, HTML, null))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("control characters")
                .extracting(TemplateContentTest::fieldOf)
                .isEqualTo("subject");
    }

    @Test
    void a_subject_is_at_most_998_characters() {
        assertThat(new TemplateContent("s".repeat(998), HTML, null).subject()).hasSize(998);

        assertThatThrownBy(() -> new TemplateContent("s".repeat(999), HTML, null))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("998")
                .extracting(TemplateContentTest::fieldOf)
                .isEqualTo("subject");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void a_subject_and_an_html_body_are_required(String blank) {
        assertThatThrownBy(() -> new TemplateContent(blank, HTML, null))
                .extracting(TemplateContentTest::fieldOf)
                .isEqualTo("subject");
        assertThatThrownBy(() -> new TemplateContent("Hello", blank, null))
                .extracting(TemplateContentTest::fieldOf)
                .isEqualTo("html");
        assertThatThrownBy(() -> new TemplateContent(null, HTML, null)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new TemplateContent("Hello", null, null)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void the_bodies_are_at_most_512_kib() {
        String largest = "x".repeat(TemplateContent.MAX_BODY_LENGTH);
        String tooLarge = largest + "x";
        assertThat(new TemplateContent("Hello", largest, largest).html()).hasSize(512 * 1024);

        assertThatThrownBy(() -> new TemplateContent("Hello", tooLarge, null))
                .extracting(TemplateContentTest::fieldOf)
                .isEqualTo("html");
        assertThatThrownBy(() -> new TemplateContent("Hello", HTML, tooLarge))
                .extracting(TemplateContentTest::fieldOf)
                .isEqualTo("text");
    }

    @Test
    void a_blank_text_body_means_none() {
        assertThat(new TemplateContent("Hello", HTML, "  \n ").text()).isNull();
        assertThat(new TemplateContent("Hello", HTML, null)).isEqualTo(new TemplateContent("Hello", HTML, ""));
    }
}
