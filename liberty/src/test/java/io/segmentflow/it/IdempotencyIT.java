package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotency-Key: a retry replays the first answer and creates nothing. */
class IdempotencyIT {
    private static final Api api = Api.withBootstrapKey();
    private static String templateId;

    @BeforeAll
    static void template() {
        SmtpServer.get();
        templateId = api.createTemplate("Reset your password", "<p>Code <b th:text=\"${data.code}\">0</b></p>", null);
    }

    private static JsonObject reset(String recipient, String code) {
        return Json.createObjectBuilder()
                .add("templateId", templateId)
                .add("to", Json.createObjectBuilder().add("email", recipient))
                .add("data", Json.createObjectBuilder().add("code", code))
                .build();
    }

    @Test
    void a_retry_with_the_same_key_and_body_replays_the_first_answer_and_sends_once() {
        String key = Api.newIdempotencyKey();
        String recipient = Api.newRecipient();

        Api.Reply first = api.sendEmail(key, reset(recipient, "123456"));
        Api.Reply retry = api.sendEmail(key, reset(recipient, "123456"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(retry.header("Idempotency-Replayed")).hasValue("true");
        api.awaitFinal(first.json().getString("id"), Duration.ofSeconds(20));
        Api.sleep(300);
        assertThat(SmtpServer.messagesTo(recipient)).hasSize(1);
    }

    @Test
    void key_order_and_white_space_do_not_make_a_different_request() {
        String key = Api.newIdempotencyKey();
        String recipient = Api.newRecipient();
        Api.Reply first = api.sendEmail(key, reset(recipient, "1"));
        String reordered = "{ \"data\": {\"code\": \"1\"},\n \"to\": {\"email\": \"" + recipient + "\"}, \"templateId\": \""
                + templateId + "\" }";

        Api.Reply retry = api.postRaw("/api/v1/emails", reordered, "application/json", "Idempotency-Key", key);

        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().getString("id")).isEqualTo(first.json().getString("id"));
    }

    @Test
    void the_same_key_with_a_different_body_is_refused() {
        String key = Api.newIdempotencyKey();
        String recipient = Api.newRecipient();
        assertThat(api.sendEmail(key, reset(recipient, "111111")).status()).isEqualTo(202);

        Api.Reply other = api.sendEmail(key, reset(recipient, "222222"));

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.error()).isEqualTo("idempotency_key_reuse");
    }

    @Test
    void concurrent_duplicates_create_one_send_and_get_the_replay_or_409() throws Exception {
        String key = Api.newIdempotencyKey();
        String recipient = Api.newRecipient();
        JsonObject body = reset(recipient, "777777");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Api.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> api.sendEmail(key, body));
        }
        Set<String> ids = new HashSet<>();
        try {
            for (Future<Api.Reply> f : pool.invokeAll(calls)) {
                Api.Reply reply = f.get();
                assertThat(reply.status()).as(reply.toString()).isIn(202, 409);
                if (reply.status() == 202) {
                    ids.add(reply.json().getString("id"));
                } else {
                    assertThat(reply.error()).isEqualTo("concurrent_request");
                }
            }
        } finally {
            pool.shutdown();
        }
        assertThat(ids).hasSize(1);
        api.awaitFinal(ids.iterator().next(), Duration.ofSeconds(20));
        Api.sleep(300);
        assertThat(SmtpServer.messagesTo(recipient)).hasSize(1);
    }

    @Test
    void a_request_refused_by_validation_does_not_use_up_its_key() {
        String key = Api.newIdempotencyKey();
        String recipient = Api.newRecipient();
        JsonObject invalid = Json.createObjectBuilder(reset(recipient, "1"))
                .add("to", Json.createObjectBuilder().add("email", "not-an-address")).build();

        assertThat(api.sendEmail(key, invalid).status()).isEqualTo(422);
        Api.Reply valid = api.sendEmail(key, reset(recipient, "1"));

        assertThat(valid.status()).as(valid.toString()).isEqualTo(202);
        assertThat(valid.header("Idempotency-Replayed")).isEmpty();
    }

    @Test
    void the_key_is_required_and_bounded() {
        Api.Reply missing = api.post("/api/v1/emails", reset(Api.newRecipient(), "1"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.errorFields()).contains("Idempotency-Key");

        Api.Reply tooLong = api.sendEmail("k".repeat(256), reset(Api.newRecipient(), "1"));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.errorFields()).contains("Idempotency-Key");
    }

    @Test
    void keys_are_scoped_to_the_workspace() {
        String key = Api.newIdempotencyKey();
        assertThat(api.sendEmail(key, reset(Api.newRecipient(), "1")).status()).isEqualTo(202);
        Api other = Workspaces.createOther();
        String otherTemplate = other.createTemplate("Hi", "<p>hi</p>", null);

        Api.Reply reply = other.sendEmail(key, Json.createObjectBuilder().add("templateId", otherTemplate)
                .add("to", Json.createObjectBuilder().add("email", Api.newRecipient())).build());

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        assertThat(reply.header("Idempotency-Replayed")).isEmpty();
    }
}
