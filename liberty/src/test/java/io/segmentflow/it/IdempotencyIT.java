package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.ApiException;
import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.SendEmailRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotency-Key: a retry replays the first answer and creates nothing. */
class IdempotencyIT {
    private static final Client api = Client.withBootstrapKey();
    private static String templateId;

    @BeforeAll
    static void template() {
        SmtpServer.get();
        templateId = api.createTemplate("Reset your password", "<p>Code <b th:text=\"${data.code}\">0</b></p>", null);
    }

    private static SendEmailRequest reset(String recipient, String code) {
        return new SendEmailRequest()
                .templateId(templateId)
                .to(Client.to(recipient))
                .data(Map.of("code", code));
    }

    /** The same request written by hand, for the tests that compare the bytes of answers. */
    private static JsonObject resetJson(String recipient, String code) {
        return Json.createObjectBuilder()
                .add("templateId", templateId)
                .add("to", Json.createObjectBuilder().add("email", recipient))
                .add("data", Json.createObjectBuilder().add("code", code))
                .build();
    }

    private static ApiResponse<EmailSend> send(String key, SendEmailRequest body) {
        return call(() -> api.emails.emailsSendWithHttpInfo(key, body));
    }

    /** The messages that reached {@code recipient} before a send accepted after them was delivered. */
    private static List<MimeMessage> deliveredBeforeALaterSend(String recipient) {
        send(Api.newIdempotencyKey(), reset(recipient, "later").subject("Sent later"));
        return SmtpServer.othersOnceDelivered(recipient, "Sent later", Duration.ofSeconds(20));
    }

    @Test
    void a_retry_with_the_same_key_and_body_replays_the_first_answer_and_sends_once() {
        String key = Api.newIdempotencyKey();
        String recipient = Api.newRecipient();
        Api raw = api.raw();

        Api.Reply first = raw.sendEmail(key, resetJson(recipient, "123456"));
        Api.Reply retry = raw.sendEmail(key, resetJson(recipient, "123456"));
        ApiResponse<EmailSend> third = send(key, reset(recipient, "123456"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(retry.header("Idempotency-Replayed")).hasValue("true");
        assertThat(third.getStatusCode()).isEqualTo(202);
        assertThat(third.getData().getId()).isEqualTo(first.json().getString("id"));
        assertThat(Client.header(third, "Idempotency-Replayed")).hasValue("true");
        api.awaitFinal(first.json().getString("id"), Duration.ofSeconds(20));
        assertThat(deliveredBeforeALaterSend(recipient)).hasSize(1);
    }

    @Test
    void key_order_and_white_space_do_not_make_a_different_request() {
        String key = Api.newIdempotencyKey();
        String recipient = Api.newRecipient();
        EmailSend first = send(key, reset(recipient, "1")).getData();
        String reordered = "{ \"data\": {\"code\": \"1\"},\n \"to\": {\"email\": \"" + recipient
                + "\"}, \"templateId\": \"" + templateId + "\" }";

        Api.Reply retry = api.raw().postRaw("/api/v1/emails", reordered, "application/json", "Idempotency-Key", key);

        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().getString("id")).isEqualTo(first.getId());
    }

    @Test
    void the_same_key_with_a_different_body_is_refused() {
        String key = Api.newIdempotencyKey();
        String recipient = Api.newRecipient();
        assertThat(send(key, reset(recipient, "111111")).getStatusCode()).isEqualTo(202);

        Client.Refusal other = refusal(() -> api.emails.emailsSend(key, reset(recipient, "222222")));

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.error()).isEqualTo("idempotency_key_reuse");
    }

    @Test
    void concurrent_duplicates_create_one_send_and_get_the_replay_or_409() throws Exception {
        String key = Api.newIdempotencyKey();
        String recipient = Api.newRecipient();
        SendEmailRequest body = reset(recipient, "777777");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> {
                try {
                    return api.emails.emailsSendWithHttpInfo(key, body);
                } catch (ApiException e) {
                    return Client.Refusal.of(e);
                }
            });
        }
        Set<String> ids = new HashSet<>();
        try {
            for (Future<Object> f : pool.invokeAll(calls)) {
                Object reply = f.get();
                if (reply instanceof Client.Refusal refused) {
                    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
                    assertThat(refused.error()).isEqualTo("concurrent_request");
                } else {
                    ApiResponse<?> accepted = (ApiResponse<?>) reply;
                    assertThat(accepted.getStatusCode()).isEqualTo(202);
                    ids.add(((EmailSend) accepted.getData()).getId());
                }
            }
        } finally {
            pool.shutdown();
        }
        assertThat(ids).hasSize(1);
        api.awaitFinal(ids.iterator().next(), Duration.ofSeconds(20));
        assertThat(deliveredBeforeALaterSend(recipient)).hasSize(1);
    }

    @Test
    void a_request_refused_by_validation_does_not_use_up_its_key() {
        String key = Api.newIdempotencyKey();
        String recipient = Api.newRecipient();
        SendEmailRequest invalid = reset(recipient, "1").to(Client.to("not-an-address"));

        assertThat(refusal(() -> api.emails.emailsSend(key, invalid)).status()).isEqualTo(422);
        ApiResponse<EmailSend> valid = send(key, reset(recipient, "1"));

        assertThat(valid.getStatusCode()).isEqualTo(202);
        assertThat(Client.header(valid, "Idempotency-Replayed")).isEmpty();
    }

    @Test
    void the_key_is_required_and_bounded() {
        // The client always sends the header the document requires, so its absence is written by hand.
        Api.Reply missing = api.raw().post("/api/v1/emails", resetJson(Api.newRecipient(), "1"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.errorFields()).contains("Idempotency-Key");

        Client.Refusal tooLong = refusal(() -> api.emails.emailsSend("k".repeat(256), reset(Api.newRecipient(), "1")));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.errorFields()).contains("Idempotency-Key");
    }

    @Test
    void keys_are_scoped_to_the_workspace() {
        String key = Api.newIdempotencyKey();
        assertThat(send(key, reset(Api.newRecipient(), "1")).getStatusCode()).isEqualTo(202);
        Client other = Workspaces.createOther();
        String otherTemplate = other.createTemplate("Hi", "<p>hi</p>", null);

        ApiResponse<EmailSend> reply = call(() -> other.emails.emailsSendWithHttpInfo(
                key, new SendEmailRequest().templateId(otherTemplate).to(Client.to(Api.newRecipient()))));

        assertThat(reply.getStatusCode()).isEqualTo(202);
        assertThat(Client.header(reply, "Idempotency-Replayed")).isEmpty();
    }
}
