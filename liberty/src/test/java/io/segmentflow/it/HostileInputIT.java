package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whatever a hostile caller sends, the answer is a 4xx problem document, never a 500. */
class HostileInputIT {
    private static final Api api = Api.withBootstrapKey();
    private static String templateId;

    @BeforeAll
    static void template() {
        SmtpServer.get();
        templateId = api.createTemplate("Hi", "<p>Hi</p>", null);
    }

    @Test
    void malformed_and_surprising_bodies_get_4xx_problems() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        List<String> bodies = List.of(
                "",
                "null",
                "[]",
                "\"just a string\"",
                "{\"templateId\": null, \"to\": null}",
                "{\"templateId\": [], \"to\": \"ada@example.com\"}",
                "{\"templateId\": \"" + templateId + "\", \"to\": {\"email\": 12}}",
                "{\"templateId\": \"" + templateId + "\", \"to\": {\"email\": \"ada@example.com\\u0000\"}}",
                "{\"templateId\": \"" + templateId + "\", \"to\": {\"email\": \"" + "a".repeat(5000)
                        + "@example.com\"}}",
                "{\"templateId\": \"" + "t".repeat(10_000) + "\", \"to\": {\"email\": \"ada@example.com\"}}",
                "{\"templateId\": \"" + templateId + "\", \"to\": {\"email\": \"ada@example.com\"}, \"data\": " + deep
                        + "}",
                "{\"templateId\": \"" + templateId
                        + "\", \"to\": {\"email\": \"ada@example.com\"}, \"tracking\": {\"clicks\": \"yes\"}}",
                "{\"templateId\": \"" + templateId
                        + "\", \"to\": {\"email\": \"ada@example.com\"}, \"cc\": {\"a\": 1}}",
                "{\"templateId\": \"" + templateId + "\", \"to\": {\"email\": \"ada@exämple.com\"}}",
                "{\"templateId\": \"" + templateId
                        + "\", \"to\": {\"email\": \"ada@example.com\", \"name\": \"A\\u2028B\"}}",
                "{\"templateId\": \"" + templateId + "\", \"to\": {\"email\": \"ada@example.com\"}, \"subject\": \"\"}",
                "{\"templateId\": \"" + templateId + "\", \"to\": {\"email\": \"ada@example.com\"}, \"from\": \"<>\"}",
                "{\"templateId\": \"" + templateId
                        + "\", \"to\": {\"email\": \"ada@example.com\"}, \"replyTo\": \"a@b.c\\r\\nX: y\"}",
                "{\"templateId\": \"" + templateId + "\", \"templateId\": \"again\"}",
                "{\"a\":1,}",
                "{\"templateId\": \"" + templateId
                        + "\", \"to\": {\"email\": \"ada@example.com\", \"externalId\": \"x\\u0000y\"}}",
                "{\"templateId\": \"" + templateId
                        + "\", \"to\": {\"email\": \"ada@example.com\"}, \"subject\": \"a\\u0000b\"}",
                "{\"templateId\": \"" + templateId + "\", \"to\": {\"email\": \"ada@example.com\"}, \"data\": {\"n\": 1"
                        + "0".repeat(2000) + "}}",
                "\u00ff\u00fe garbage");
        for (String body : bodies) {
            Api.Reply reply =
                    api.postRaw("/api/v1/emails", body, "application/json", "Idempotency-Key", Api.newIdempotencyKey());

            assertThat(reply.status()).as(abbreviate(body) + " -> " + reply).isBetween(400, 499);
            assertThat(reply.contentType()).as(abbreviate(body)).startsWith("application/problem+json");
            assertThat(reply.error()).as(abbreviate(body)).isNotBlank();
        }
    }

    @Test
    void a_nul_character_in_a_template_is_refused() {
        String body = "{\"name\": \"n\\u0000\", \"subject\": \"s\\u0000\", \"html\": \"<p>\\u0000</p>\"}";

        Api.Reply reply = api.postRaw("/api/v1/templates", body, "application/json");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.errorFields()).contains("name", "subject", "html");
    }

    @Test
    void hostile_ids_and_keys_get_4xx_problems() {
        List<String> paths = List.of(
                "/api/v1/emails/%27%20OR%201=1--",
                "/api/v1/emails/" + "x".repeat(3000),
                "/api/v1/templates/..%2F..%2Fetc%2Fpasswd",
                "/api/v1/templates/%00");
        for (String path : paths) {
            Api.Reply reply = api.get(path);

            assertThat(reply.status()).as(path + " -> " + reply).isBetween(400, 499);
        }
        Api.Reply key = Api.withKey("' OR '1'='1").get("/api/v1/templates");
        assertThat(key.status()).isEqualTo(401);
        Api.Reply hugeKey = Api.withKey("k".repeat(4000)).get("/api/v1/templates");
        assertThat(hugeKey.status()).isEqualTo(401);
    }

    private static String abbreviate(String body) {
        return body.length() <= 120 ? body : body.substring(0, 120) + "...";
    }
}
