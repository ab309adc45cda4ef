package io.segmentflow.domain.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ada@example.com",
                "ada.lovelace@example.co.uk",
                "ada+receipts@mail.example.com",
                "o'brien@example.ie",
                "x@a-b.io",
                "1234@example.com",
                "!#$%&'*+/=?^_`{|}~-@example.org",
                "ada@1st.example.com",
                "ada@a--b.io",
                "ada@x.y"
            })
    void accepts_ordinary_addresses_as_written(String raw) {
        assertThat(EmailAddress.of(raw).value()).isEqualTo(raw);
    }

    @Test
    void lower_cases_the_domain_and_keeps_the_local_part_as_given() {
        EmailAddress address = EmailAddress.of("Ada.Lovelace@Example.COM");

        assertThat(address.value()).isEqualTo("Ada.Lovelace@example.com");
        assertThat(address.domain()).isEqualTo("example.com");
    }

    @Test
    void addresses_differing_only_in_the_case_of_their_domain_are_equal() {
        assertThat(EmailAddress.of("ada@EXAMPLE.com")).isEqualTo(EmailAddress.of("ada@example.com"));
    }

    @Test
    void strips_surrounding_spaces() {
        assertThat(EmailAddress.of("  ada@example.com ").value()).isEqualTo("ada@example.com");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ada@example.com\r\nBcc: victim@example.org",
                "ada@example.com\r",
                "ada@example.com\n",
                "ada\n@example.com",
                "ada@exam\rple.com",
                "ada\t@example.com",
                "ada\u0000@example.com",
                "ada@example.com\u007f",
                "ada@example.com\u0085",
                "ada@example.com\u2028"
            })
    void refuses_line_breaks_and_other_control_characters(String raw) {
        assertThatThrownBy(() -> EmailAddress.of(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("control characters")
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada.example.com", "@example.com", "ada@", "ada", "@"})
    void refuses_an_address_without_a_local_part_an_at_and_a_domain(String raw) {
        assertThatThrownBy(() -> EmailAddress.of(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("name@example.com");
    }

    @Test
    void accepts_a_single_label_domain_as_rfc_5321_does() {
        // The documented default sender is no-reply@localhost.
        assertThat(EmailAddress.of("no-reply@localhost").domain()).isEqualTo("localhost");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ada@-example.com",
                "ada@example-.com",
                "ada@exa_mple.com",
                "ada@example..com",
                "ada@.example.com",
                "ada@example.com.",
                "ada@example.123",
                "ada@[192.168.0.1]",
                "ada@exa mple.com",
                "ada@ex\u00e4mple.com",
                "ada@example.c\u00f6m",
                "ada@example.com-"
            })
    void refuses_a_bad_domain(String raw) {
        assertThatThrownBy(() -> EmailAddress.of(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("invalid domain");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"ada lovelace\"@example.com",
                "\"ada\"@example.com",
                "\"ada@home\"@example.com",
                "ada(comment)@example.com",
                "@route:ada@example.com",
                "ada..lovelace@example.com",
                ".ada@example.com",
                "ada.@example.com",
                "ada lovelace@example.com",
                "ada<b>@example.com",
                "ada@b@example.com",
                "ad\u00e4@example.com"
            })
    void refuses_quoted_local_parts_comments_and_source_routes(String raw) {
        assertThatThrownBy(() -> EmailAddress.of(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("before the @");
    }

    @Test
    void accepts_an_address_of_the_longest_length() {
        String domain = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + "." + "g".repeat(56) + ".com";
        String raw = "a@" + domain;
        assertThat(raw).hasSize(EmailAddress.MAX_LENGTH);

        assertThat(EmailAddress.of(raw).value()).isEqualTo(raw);
    }

    @Test
    void refuses_an_address_longer_than_254_characters() {
        String domain = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + "." + "g".repeat(57) + ".com";
        String raw = "a@" + domain;
        assertThat(raw).hasSize(EmailAddress.MAX_LENGTH + 1);

        assertThatThrownBy(() -> EmailAddress.of(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("at most 254");
    }

    @Test
    void refuses_a_local_part_longer_than_64_characters() {
        assertThat(EmailAddress.of("a".repeat(64) + "@example.com").value()).startsWith("a".repeat(64));

        assertThatThrownBy(() -> EmailAddress.of("a".repeat(65) + "@example.com"))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void refuses_a_domain_label_longer_than_63_characters() {
        assertThatThrownBy(() -> EmailAddress.of("ada@" + "x".repeat(64) + ".com"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("invalid domain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void refuses_a_blank_address(String raw) {
        assertThatThrownBy(() -> EmailAddress.of(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void refuses_a_missing_address() {
        assertThatThrownBy(() -> EmailAddress.of(null)).isInstanceOf(InvalidValueException.class);
    }
}
