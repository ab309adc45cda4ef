package io.segmentflow.application.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Tracking;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SendEmailCommandTest {
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");

    private static SendRequest aReceipt() {
        return SendRequest.of(ACME, "tpl_receipt");
    }

    private static List<EmailAddress> addresses(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> EmailAddress.of("copy" + i + "@example.com"))
                .toList();
    }

    private static List<String> fieldsRefusing(SendRequest request) {
        try {
            request.command();
        } catch (ValidationFailedException e) {
            assertThat(e.code()).isEqualTo("validation_failed");
            return e.fieldErrors().stream().map(FieldError::field).toList();
        }
        throw new AssertionError("the request was accepted");
    }

    @Test
    void a_complete_request_is_a_command_with_defaults_for_what_it_leaves_out() {
        SendEmailCommand command = aReceipt().cc(null).bcc(null).data(null).command();

        assertThat(command.cc()).isEmpty();
        assertThat(command.bcc()).isEmpty();
        assertThat(command.data()).isEqualTo("{}");
        assertThat(command.tracking()).isEqualTo(Tracking.NONE);
    }

    @Test
    void every_broken_field_is_listed_at_once() {
        SendRequest request = aReceipt()
                .templateId(" ")
                .subject("Hello\r\nBcc: victim@example.org")
                .cc(addresses(51));

        assertThatThrownBy(request::command)
                .isInstanceOf(ValidationFailedException.class)
                .hasMessage("3 fields are not valid");
        assertThat(fieldsRefusing(request)).containsExactlyInAnyOrder("templateId", "subject", "cc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello\r\nBcc: victim@example.org", "Hello\n", "Hello\rthere"})
    void a_subject_with_a_line_break_is_refused(String subject) {
        assertThatThrownBy(() -> aReceipt().subject(subject).command())
                .isInstanceOf(ValidationFailedException.class)
                .hasMessage("subject: must not contain CR, LF or other control characters");
    }

    @Test
    void a_subject_is_1_to_998_characters() {
        assertThat(aReceipt().subject("s".repeat(998)).command().subject()).hasSize(998);

        assertThat(fieldsRefusing(aReceipt().subject("s".repeat(999)))).containsExactly("subject");
        assertThat(fieldsRefusing(aReceipt().subject(" "))).containsExactly("subject");
        assertThat(aReceipt().subject(null).command().subject()).isNull();
    }

    @Test
    void at_most_50_cc_and_50_bcc_addresses() {
        assertThat(aReceipt().cc(addresses(50)).bcc(addresses(50)).command().cc())
                .hasSize(50);

        assertThat(fieldsRefusing(aReceipt().cc(addresses(51)))).containsExactly("cc");
        assertThat(fieldsRefusing(aReceipt().bcc(addresses(51)))).containsExactly("bcc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void a_template_id_is_required(String templateId) {
        assertThat(fieldsRefusing(aReceipt().templateId(templateId))).containsExactly("templateId");
        assertThat(fieldsRefusing(aReceipt().templateId(null))).containsExactly("templateId");
    }

    @Test
    void an_external_id_is_1_to_255_characters() {
        assertThat(aReceipt().to("ada@example.com", "x".repeat(255)).command().toExternalId())
                .hasSize(255);

        assertThat(fieldsRefusing(aReceipt().to("ada@example.com", "x".repeat(256))))
                .containsExactly("to.externalId");
        assertThat(fieldsRefusing(aReceipt().to("ada@example.com", " "))).containsExactly("to.externalId");
    }

    @Test
    void the_payload_is_at_most_256_kib() {
        String largest = "{\"x\":\"" + "y".repeat(SendEmailCommand.MAX_DATA_LENGTH - 8) + "\"}";
        assertThat(largest).hasSize(SendEmailCommand.MAX_DATA_LENGTH);
        assertThat(aReceipt().data(largest).command().data()).hasSize(256 * 1024);

        assertThat(fieldsRefusing(aReceipt().data(largest + " "))).containsExactly("data");
    }
}
