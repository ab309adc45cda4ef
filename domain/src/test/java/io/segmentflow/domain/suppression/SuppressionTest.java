package io.segmentflow.domain.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SuppressionTest {
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_1");
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    @Test
    void an_address_is_kept_all_in_lower_case() {
        Suppression suppression = Suppression.manual(WORKSPACE, EmailAddress.of("Ada.Lovelace@Example.COM"), NOW);

        assertThat(suppression.address().value()).isEqualTo("ada.lovelace@example.com");
    }

    @Test
    void addresses_differing_only_in_case_have_the_same_key() {
        assertThat(Suppression.keyOf(EmailAddress.of("ADA@example.com")))
                .isEqualTo(Suppression.keyOf(EmailAddress.of("ada@EXAMPLE.com")))
                .isEqualTo(EmailAddress.of("ada@example.com"));
    }

    @Test
    void a_manual_entry_has_no_detail_and_no_send() {
        Suppression suppression = Suppression.manual(WORKSPACE, EmailAddress.of("ada@example.com"), NOW);

        assertThat(suppression.reason()).isEqualTo(SuppressionReason.MANUAL);
        assertThat(suppression.detail()).isNull();
        assertThat(suppression.emailSendId()).isNull();
        assertThat(suppression.createdAt()).isEqualTo(NOW);
    }

    @Test
    void a_hard_bounce_keeps_the_reply_on_one_line_and_the_send_that_bounced() {
        Suppression suppression = Suppression.hardBounce(
                WORKSPACE,
                EmailAddress.of("ada@example.com"),
                "550-5.1.1 The email account does not exist.\r\n550 5.1.1 Try again later\n",
                "em_1",
                NOW);

        assertThat(suppression.reason()).isEqualTo(SuppressionReason.HARD_BOUNCE);
        assertThat(suppression.detail())
                .isEqualTo("550-5.1.1 The email account does not exist. 550 5.1.1 Try again later");
        assertThat(suppression.emailSendId()).isEqualTo("em_1");
    }

    @Test
    void a_long_reply_is_clipped() {
        Suppression suppression = Suppression.hardBounce(
                WORKSPACE, EmailAddress.of("ada@example.com"), "550 " + "x".repeat(5000), "em_1", NOW);

        assertThat(suppression.detail()).hasSize(Suppression.MAX_DETAIL_LENGTH).startsWith("550 xxx");
    }

    @Test
    void clipping_never_splits_a_character_in_two() {
        String reply = "5".repeat(Suppression.MAX_DETAIL_LENGTH - 1) + "\uD83D\uDE00 and more";

        Suppression suppression =
                Suppression.hardBounce(WORKSPACE, EmailAddress.of("ada@example.com"), reply, "em_1", NOW);

        assertThat(suppression.detail()).isEqualTo("5".repeat(Suppression.MAX_DETAIL_LENGTH - 1));
    }

    @Test
    void a_reply_of_only_control_characters_leaves_no_detail() {
        Suppression suppression =
                Suppression.hardBounce(WORKSPACE, EmailAddress.of("ada@example.com"), "\r\n\u0000", "em_1", NOW);

        assertThat(suppression.detail()).isNull();
    }

    @Test
    void a_blank_send_id_is_refused() {
        assertThatThrownBy(() -> Suppression.hardBounce(WORKSPACE, EmailAddress.of("ada@example.com"), "550", " ", NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hard_bounce", "complaint", "manual"})
    void reasons_go_to_the_wire_and_back(String wire) {
        assertThat(SuppressionReason.fromWire(wire).wireName()).isEqualTo(wire);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MANUAL", "bounce", ""})
    void an_unknown_reason_is_refused_under_its_field(String wire) {
        assertThatThrownBy(() -> SuppressionReason.fromWire(wire))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("reason");
    }
}
