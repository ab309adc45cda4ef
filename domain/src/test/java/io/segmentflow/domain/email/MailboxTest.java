package io.segmentflow.domain.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailboxTest {

    @Test
    void parses_a_bare_address_without_a_display_name() {
        Mailbox mailbox = Mailbox.parse("billing@acme.com");

        assertThat(mailbox.address()).isEqualTo(EmailAddress.of("billing@acme.com"));
        assertThat(mailbox.displayName()).isNull();
    }

    @Test
    void parses_a_display_name_and_an_address_in_angle_brackets() {
        Mailbox mailbox = Mailbox.parse("Acme Billing <billing@Acme.com>");

        assertThat(mailbox.displayName()).isEqualTo("Acme Billing");
        assertThat(mailbox.address().value()).isEqualTo("billing@acme.com");
    }

    @Test
    void parses_a_quoted_display_name_without_its_quotes() {
        Mailbox mailbox = Mailbox.parse("\"Lovelace, Ada\" <ada@example.com>");

        assertThat(mailbox.displayName()).isEqualTo("Lovelace, Ada");
        assertThat(mailbox.address().value()).isEqualTo("ada@example.com");
    }

    @Test
    void an_empty_display_name_is_no_display_name() {
        assertThat(Mailbox.parse("<ada@example.com>").displayName()).isNull();
        assertThat(Mailbox.parse("\"\" <ada@example.com>").displayName()).isNull();
        assertThat(new Mailbox(EmailAddress.of("ada@example.com"), "   ").displayName())
                .isNull();
    }

    @Test
    void keeps_non_ascii_display_names() {
        assertThat(Mailbox.parse("Zoë Ångström <zoe@example.se>").displayName()).isEqualTo("Zoë Ångström");
    }

    @Test
    void refuses_a_header_smuggled_into_the_display_name() {
        assertThatThrownBy(() -> Mailbox.parse("Evil\r\nBcc: x@y.z <a@b.co>"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("CR or LF");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Ada\r <ada@example.com>",
                "Ada\n <ada@example.com>",
                "\"Ada\r\nX-Spam: yes\" <ada@example.com>",
                "Ada <ada@example.com>\r\n",
                "Ada\u0000 <ada@example.com>"
            })
    void refuses_line_breaks_and_control_characters_anywhere(String raw) {
        assertThatThrownBy(() -> Mailbox.parse(raw)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void refuses_a_display_name_with_a_line_break_given_directly() {
        EmailAddress address = EmailAddress.of("ada@example.com");

        assertThatThrownBy(() -> new Mailbox(address, "Ada\r\nBcc: x@y.z"))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("name");
    }

    @Test
    void refuses_a_display_name_longer_than_200_characters() {
        EmailAddress address = EmailAddress.of("ada@example.com");
        assertThat(new Mailbox(address, "n".repeat(200)).displayName()).hasSize(200);

        assertThatThrownBy(() -> new Mailbox(address, "n".repeat(201)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("at most 200");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Ada ada@example.com>",
                "Ada <ada@example.com",
                "Ada <>",
                "Ada <not an address>",
                "Ada <ada@exa mple.com>"
            })
    void refuses_text_that_is_not_a_mailbox(String raw) {
        assertThatThrownBy(() -> Mailbox.parse(raw)).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void refuses_blank_text(String raw) {
        assertThatThrownBy(() -> Mailbox.parse(raw)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void refuses_a_mailbox_without_an_address() {
        assertThatThrownBy(() -> new Mailbox(null, "Ada")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void prints_as_a_header_would_show_it() {
        assertThat(Mailbox.parse("Acme Billing <billing@acme.com>")).hasToString("Acme Billing <billing@acme.com>");
        assertThat(Mailbox.parse("billing@acme.com")).hasToString("billing@acme.com");
    }
}
