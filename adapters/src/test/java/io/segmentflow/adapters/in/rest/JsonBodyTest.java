package io.segmentflow.adapters.in.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonValue value(String text) {
        return JsonBody.read(body("{\"v\": " + text + "}")).get("v");
    }

    private static RequestRejected refusal(InputStream in, int maxBytes) {
        return catchThrowableOfType(RequestRejected.class, () -> JsonBody.read(in, maxBytes));
    }

    @Test
    void a_json_object_is_read() {
        JsonObject body = JsonBody.read(body("{\"subject\": \"Grüße\", \"n\": 1}"));

        assertThat(body.getString("subject")).isEqualTo("Grüße");
        assertThat(body.getInt("n")).isEqualTo(1);
    }

    @Test
    void an_empty_or_blank_body_or_a_json_value_other_than_an_object_is_not_a_request() {
        for (String text : new String[] {"", "  \n", "[]", "\"text\"", "42", "null"}) {
            RequestRejected refused = refusal(body(text), JsonBody.MAX_BYTES);
            assertThat(refused.status()).as(text).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("invalid_json");
            assertThat(refused.getMessage()).isEqualTo("the request body must be a JSON object");
        }
        assertThat(refusal(null, JsonBody.MAX_BYTES).code()).isEqualTo("invalid_json");
    }

    @Test
    void malformed_json_is_refused_with_where_it_breaks() {
        RequestRejected refused = refusal(body("{\n  \"subject\": \"Hi\",,\n}"), JsonBody.MAX_BYTES);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("invalid_json");
        assertThat(refused.getMessage()).startsWith("the request body is not valid JSON (line 2, column");
    }

    @Test
    void json_nested_deeper_than_the_parser_allows_is_refused_as_invalid_json_not_as_a_failure() {
        String deep = "{\"v\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        RequestRejected refused = refusal(body(deep), JsonBody.MAX_BYTES);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("invalid_json");
    }

    @Test
    void a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_refused_as_too_large() {
        String padding = " ".repeat(100 - "{}".length());
        String atLimit = "{" + padding + "}";

        assertThat(JsonBody.read(body(atLimit), 100)).isEmpty();
        RequestRejected refused = refusal(body("{ " + padding + "}"), 100);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.code()).isEqualTo("payload_too_large");
        assertThat(refused.getMessage()).isEqualTo("the request body is larger than 100 bytes");
    }

    @Test
    void the_default_limit_is_one_mebibyte() {
        String padding = " ".repeat(JsonBody.MAX_BYTES - 1);

        assertThat(catchThrowableOfType(RequestRejected.class, () -> JsonBody.read(body("{" + padding + "}")))
                        .status())
                .isEqualTo(413);
        assertThat(JsonBody.read(body("{" + padding.substring(1) + "}"))).isEmpty();
    }

    @Test
    void the_fingerprint_ignores_key_order_and_white_space() {
        String first = JsonBody.fingerprint(
                "emails.send",
                JsonBody.read(body("{\"to\": {\"email\": \"a@x.test\", \"name\": \"Ada\"}, \"cc\": [\"b@x.test\"]}")));
        String reordered = JsonBody.fingerprint(
                "emails.send",
                JsonBody.read(body("{\"cc\":[ \"b@x.test\" ],\n\"to\":{\"name\":\"Ada\",\"email\":\"a@x.test\"}}")));

        assertThat(reordered).isEqualTo(first).matches("[0-9a-f]{64}");
    }

    @Test
    void the_fingerprint_tells_apart_what_was_asked() {
        String asked = JsonBody.fingerprint("emails.send", value("{\"cc\": [\"a@x.test\", \"b@x.test\"]}"));

        assertThat(JsonBody.fingerprint("emails.send", value("{\"cc\": [\"b@x.test\", \"a@x.test\"]}")))
                .as("array order is what was asked")
                .isNotEqualTo(asked);
        assertThat(JsonBody.fingerprint("templates.create", value("{\"cc\": [\"a@x.test\", \"b@x.test\"]}")))
                .as("another operation")
                .isNotEqualTo(asked);
        assertThat(JsonBody.fingerprint("emails.send", value("1")))
                .isNotEqualTo(JsonBody.fingerprint("emails.send", value("\"1\"")));
        assertThat(JsonBody.fingerprint("emails.send", value("{\"a\": \"b\", \"c\": \"d\"}")))
                .as("no ambiguity of joins")
                .isNotEqualTo(JsonBody.fingerprint("emails.send", value("{\"a\": \"b\\\",\\\"c\\\":\\\"d\"}")));
        assertThat(JsonBody.fingerprint("emails.send", value("{\"a\": null}")))
                .isNotEqualTo(JsonBody.fingerprint("emails.send", value("{}")));
    }

    @Test
    void the_fingerprint_reads_an_escaped_character_as_the_character_itself() {
        assertThat(JsonBody.fingerprint("emails.send", value("{\"name\": \"\\u0041da\"}")))
                .isEqualTo(JsonBody.fingerprint("emails.send", value("{\"name\": \"Ada\"}")));
    }
}
