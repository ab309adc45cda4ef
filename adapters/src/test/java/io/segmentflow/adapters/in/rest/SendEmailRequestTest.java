package io.segmentflow.adapters.in.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.segmentflow.application.email.SendEmailCommand;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Tracking;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SendEmailRequestTest {
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_1");

    static JsonObject json(String text) {
        return JsonBody.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static SendEmailCommand parse(String body) {
        return SendEmailRequest.parse(WORKSPACE, "key-1", json(body));
    }

    private static List<FieldError> refusal(String key, String body) {
        return catchThrowableOfType(
                        ValidationFailedException.class, () -> SendEmailRequest.parse(WORKSPACE, key, json(body)))
                .fieldErrors();
    }

    @Test
    void every_field_is_read_into_the_command() {
        SendEmailCommand command = parse("""
                {"templateId": "tpl_1", "to": {"email": "ada@example.test", "name": "Ada L", "externalId": "u-7"},
                 "from": "Acme <news@acme.test>", "replyTo": "help@acme.test", "subject": "Hi",
                 "cc": ["cy@example.test", "dan@example.test"], "bcc": "eve@example.test",
                 "data": {"code": "123"}, "tracking": {"clicks": true}}""");

        assertThat(command.workspaceId()).isEqualTo(WORKSPACE);
        assertThat(command.idempotencyKey().value()).isEqualTo("key-1");
        assertThat(command.templateId()).isEqualTo("tpl_1");
        assertThat(command.to().address()).isEqualTo(EmailAddress.of("ada@example.test"));
        assertThat(command.to().displayName()).isEqualTo("Ada L");
        assertThat(command.toExternalId()).isEqualTo("u-7");
        assertThat(command.from().toString()).contains("news@acme.test");
        assertThat(command.replyTo()).isEqualTo(EmailAddress.of("help@acme.test"));
        assertThat(command.subject()).isEqualTo("Hi");
        assertThat(command.cc())
                .containsExactly(EmailAddress.of("cy@example.test"), EmailAddress.of("dan@example.test"));
        assertThat(command.bcc())
                .as("one string is a list of one")
                .containsExactly(EmailAddress.of("eve@example.test"));
        assertThat(command.data()).isEqualTo("{\"code\":\"123\"}");
        assertThat(command.tracking()).isEqualTo(new Tracking(true, false));
    }

    @Test
    void what_is_left_out_takes_its_default() {
        SendEmailCommand command = parse("{\"templateId\": \"tpl_1\", \"to\": {\"email\": \"ada@example.test\"}}");

        assertThat(command.from()).isNull();
        assertThat(command.subject()).isNull();
        assertThat(command.cc()).isEmpty();
        assertThat(command.bcc()).isEmpty();
        assertThat(command.data()).isEqualTo("{}");
        assertThat(command.tracking()).isEqualTo(Tracking.NONE);
    }

    @Test
    void every_field_error_is_named_by_its_path_in_one_refusal() {
        List<FieldError> errors = refusal("key-1", """
                {"to": {"email": "not an address", "nickname": "x"}, "cc": ["cy@example.test", "nope", 3],
                 "bcc": 5, "replyTo": "also nope", "tracking": {"opens": "yes"}, "data": [], "colour": "red"}""");

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "colour",
                        "templateId",
                        "to.nickname",
                        "to.email",
                        "replyTo",
                        "cc[2]",
                        "cc[1]",
                        "bcc",
                        "data",
                        "tracking.opens");
    }

    @Test
    void a_missing_or_malformed_idempotency_key_is_a_field_error_beside_the_others() {
        assertThat(refusal(null, "{\"to\": {\"email\": \"ada@example.test\"}}"))
                .containsExactly(
                        new FieldError("Idempotency-Key", "is required (1-255 printable ASCII characters)"),
                        new FieldError("templateId", "is required"));
        assertThat(refusal("has space", "{\"templateId\": \"tpl_1\", \"to\": {\"email\": \"ada@example.test\"}}"))
                .containsExactly(new FieldError("Idempotency-Key", "must be printable ASCII without spaces"));
    }

    @Test
    void a_send_may_name_the_subscription_group_it_goes_out_under() {
        SendEmailCommand command = parse(
                "{\"templateId\": \"t\", \"to\": {\"email\": \"ada@example.test\"}, \"subscriptionGroupId\": \"sg_1\"}");
        SendEmailCommand none = parse("{\"templateId\": \"t\", \"to\": {\"email\": \"ada@example.test\"}}");

        assertThat(command.subscriptionGroupId()).isEqualTo("sg_1");
        assertThat(none.subscriptionGroupId()).isNull();
    }

    @Test
    void a_subscription_group_id_that_is_not_a_string_or_is_blank_is_refused() {
        assertThat(refusal(
                        "key-1",
                        "{\"templateId\": \"t\", \"to\": {\"email\": \"ada@example.test\"},"
                                + " \"subscriptionGroupId\": 7}"))
                .extracting(FieldError::field)
                .containsExactly("subscriptionGroupId");
        assertThat(refusal(
                        "key-1",
                        "{\"templateId\": \"t\", \"to\": {\"email\": \"ada@example.test\"},"
                                + " \"subscriptionGroupId\": \" \"}"))
                .extracting(FieldError::field)
                .containsExactly("subscriptionGroupId");
    }

    @Test
    void more_copy_recipients_than_allowed_are_refused() {
        String fifty = IntStream.range(0, SendEmailCommand.MAX_COPY_RECIPIENTS)
                .mapToObj(i -> "\"r" + i + "@example.test\"")
                .collect(Collectors.joining(","));
        String body = "{\"templateId\": \"t\", \"to\": {\"email\": \"ada@example.test\"}, \"cc\": [%s], \"bcc\": [%s]}";

        assertThat(parse(body.formatted(fifty, fifty)).cc()).hasSize(SendEmailCommand.MAX_COPY_RECIPIENTS);
        assertThat(refusal("key-1", body.formatted(fifty + ",\"one@more.test\"", fifty + ",\"one@more.test\"")))
                .containsExactly(
                        new FieldError("cc", "must have at most 50 addresses"),
                        new FieldError("bcc", "must have at most 50 addresses"));
    }

    @Test
    void the_fingerprint_covers_the_whole_body_and_not_the_key() {
        String body = "{\"templateId\": \"t\", \"to\": {\"email\": \"ada@example.test\"}, \"data\": {\"code\": \"1\"}}";
        String fingerprint = parse(body).fingerprint();

        assertThat(SendEmailRequest.parse(WORKSPACE, "key-2", json(body)).fingerprint())
                .isEqualTo(fingerprint);
        assertThat(parse(body.replace("\"1\"", "\"2\"")).fingerprint()).isNotEqualTo(fingerprint);
        assertThat(fingerprint).isEqualTo(JsonBody.fingerprint("emails.send", json(body)));
    }
}
