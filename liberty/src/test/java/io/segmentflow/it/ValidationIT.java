package io.segmentflow.it;

import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.model.Recipient;
import io.segmentflow.it.client.model.SendEmailRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a 4xx problem document with a stable code and field errors, never a 500. Bodies of the documented
 * shape go through the generated client; those the document does not allow are written by hand.
 */
class ValidationIT {
    private static final Api api = Api.withBootstrapKey();
    private static final Client client = Client.withBootstrapKey();
    private static String templateId;

    @BeforeAll
    static void template() {
        SmtpServer.get();
        templateId = api.createTemplate("Hi", "<p>Hi</p>", null);
    }

    private static JsonObject valid() {
        return Json.createObjectBuilder()
                .add("templateId", templateId)
                .add("to", Json.createObjectBuilder().add("email", Api.newRecipient()))
                .build();
    }

    private static Api.Reply send(JsonObject body) {
        return api.sendEmail(Api.newIdempotencyKey(), body);
    }

    private static SendEmailRequest validRequest() {
        return new SendEmailRequest().templateId(templateId).to(Client.to(Api.newRecipient()));
    }

    private static Client.Refusal refused(SendEmailRequest body) {
        return refusal(() -> client.emails.emailsSend(Api.newIdempotencyKey(), body));
    }

    @Test
    void missing_fields_are_listed_together() {
        Api.Reply reply = send(Json.createObjectBuilder().build());

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.error()).isEqualTo("validation_failed");
        assertThat(reply.errorFields()).contains("templateId", "to");
    }

    @Test
    void wrong_types_and_unknown_fields_are_named() {
        Api.Reply reply = send(Json.createObjectBuilder(valid())
                .add("subject", 42)
                .add("data", "not an object")
                .add("tempalteId", "typo")
                .add("cc", Json.createArrayBuilder().add("ok@example.test").add("broken"))
                .build());

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errorFields()).contains("subject", "data", "tempalteId", "cc[1]");
    }

    @Test
    void line_breaks_in_headers_are_refused() {
        Client.Refusal subject = refused(validRequest().subject("Hi\r\nBcc: evil@example.test"));
        Client.Refusal name = refused(
                validRequest().to(new Recipient().email(Api.newRecipient()).name("Eve\r\nBcc: evil@example.test")));
        Client.Refusal address = refused(validRequest().to(Client.to("a@example.test\r\nBcc: evil@example.test")));
        Client.Refusal from = refused(validRequest().from("Boss\n <boss@example.test>"));

        assertThat(subject.status()).isEqualTo(422);
        assertThat(subject.errorFields()).contains("subject");
        assertThat(name.status()).isEqualTo(422);
        assertThat(name.errorFields()).contains("to.name");
        assertThat(address.status()).isEqualTo(422);
        assertThat(address.errorFields()).contains("to.email");
        assertThat(from.status()).isEqualTo(422);
        assertThat(from.errorFields()).contains("from");
    }

    @Test
    void malformed_json_is_a_400() {
        Api.Reply reply = api.postRaw(
                "/api/v1/emails", "{\"templateId\": ", "application/json", "Idempotency-Key", Api.newIdempotencyKey());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("invalid_json");
    }

    @Test
    void a_body_over_the_limit_is_a_413() {
        String huge = "{\"templateId\":\"" + templateId + "\",\"data\":{\"x\":\"" + "a".repeat(1_100_000) + "\"}}";

        Api.Reply reply =
                api.postRaw("/api/v1/emails", huge, "application/json", "Idempotency-Key", Api.newIdempotencyKey());

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.error()).isEqualTo("payload_too_large");
    }

    @Test
    void data_over_its_limit_is_refused() {
        SendEmailRequest body = validRequest().data(Map.of("x", "a".repeat(300_000)));

        Client.Refusal reply = refused(body);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errorFields()).contains("data");
    }

    @Test
    void an_unknown_template_is_not_found() {
        Client.Refusal reply = refused(validRequest().templateId("tpl_missing"));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.error()).isEqualTo("not_found");
    }

    @Test
    void a_wrong_media_type_and_an_unknown_route_are_problems_too() {
        Api.Reply text = api.postRaw("/api/v1/emails", "hello", "text/plain", "Idempotency-Key", "k-1");
        Api.Reply route = api.get("/api/v1/nothing-here");

        assertThat(text.status()).isEqualTo(415);
        assertThat(text.contentType()).startsWith("application/problem+json");
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.contentType()).startsWith("application/problem+json");
    }

    @Test
    void an_unknown_email_id_is_not_found() {
        Client.Refusal reply = refusal(() -> client.emails.emailsGet("em_doesnotexist"));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.error()).isEqualTo("not_found");
    }
}
