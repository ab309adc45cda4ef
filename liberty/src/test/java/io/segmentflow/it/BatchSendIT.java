package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.ApiKeyRequest;
import io.segmentflow.it.client.model.BatchItemOutcome;
import io.segmentflow.it.client.model.BatchSendItem;
import io.segmentflow.it.client.model.BatchSendRequest;
import io.segmentflow.it.client.model.BatchSendRequestDefaults;
import io.segmentflow.it.client.model.BatchSendResult;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.FieldError;
import io.segmentflow.it.client.model.Scope;
import io.segmentflow.it.client.model.SendEmailRequest;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** emails.batchSend end to end: independent items, each accepted one delivered, a retry replayed. */
class BatchSendIT {
    /** Well under the test server's 60 s poll: delivery this fast means the batch woke a worker. */
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private static final Client api = Client.withBootstrapKey();
    private static String templateId;

    @BeforeAll
    static void newsletterTemplate() {
        templateId = api.createTemplate(
                "Order [[${data.orderId}]]",
                "<p>Hello <span th:text=\"${data.name}\">you</span></p>",
                "Hello [[${data.name}]]");
    }

    private static BatchSendItem item(String key, String recipient, String name) {
        return new BatchSendItem()
                .idempotencyKey(key)
                .to(Client.to(recipient))
                .data(Map.of("name", name, "orderId", key));
    }

    private static BatchSendRequest batch(BatchSendItem... items) {
        return new BatchSendRequest().defaults(defaults()).items(List.of(items));
    }

    private static BatchSendRequestDefaults defaults() {
        return new BatchSendRequestDefaults().templateId(templateId).from("Acme <news@acme.example>");
    }

    private static BatchSendResult post(Client client, BatchSendRequest body) {
        ApiResponse<BatchSendResult> reply = call(() -> client.emails.emailsBatchSendWithHttpInfo(body));
        assertThat(reply.getStatusCode()).isEqualTo(200);
        return reply.getData();
    }

    @Test
    void a_mixed_batch_accepts_the_valid_items_rejects_the_others_and_delivers_each_accepted_one() throws Exception {
        String ada = Api.newRecipient();
        String grace = Api.newRecipient();
        String alan = Api.newRecipient();
        String first = Api.newIdempotencyKey();
        BatchSendRequest body = batch(
                item(first, ada, "Ada"),
                item(Api.newIdempotencyKey(), "not-an-address", "Nobody"),
                item(Api.newIdempotencyKey(), grace, "Grace").subject("Your own subject"),
                item(Api.newIdempotencyKey(), Api.newRecipient(), "Ghost").templateId("tpl_missing"),
                item(first, alan, "Alan"),
                item(Api.newIdempotencyKey(), alan, "Alan"));

        BatchSendResult outcome = post(api, body);

        assertThat(outcome.getObject()).isEqualTo(BatchSendResult.ObjectEnum.BATCH);
        assertThat(outcome.getTotal()).isEqualTo(6);
        assertThat(outcome.getAccepted()).isEqualTo(3);
        assertThat(outcome.getRejected()).isEqualTo(3);
        List<BatchItemOutcome> items = outcome.getItems();
        for (int i = 0; i < items.size(); i++) {
            assertThat(items.get(i).getIndex()).isEqualTo(i);
        }
        assertThat(items.get(0).getIdempotencyKey()).isEqualTo(first);
        assertThat(rejection(items.get(1))).isEqualTo("validation_failed");
        assertThat(items.get(1).getRejected().getErrors())
                .extracting(FieldError::getField)
                .first()
                .isEqualTo("to.email");
        assertThat(rejection(items.get(3))).isEqualTo("not_found");
        assertThat(rejection(items.get(4))).as("a key repeated in the batch").isEqualTo("validation_failed");

        EmailSend adaSend = items.get(0).getSend();
        assertThat(adaSend.getStatus()).isEqualTo(EmailSend.StatusEnum.QUEUED);
        assertThat(adaSend.getId()).startsWith("em_");
        MimeMessage toAda = SmtpServer.awaitOneMessageTo(ada, DELIVERY);
        assertThat(toAda.getSubject()).isEqualTo("Order " + first);
        assertThat(SmtpServer.header(toAda, "From")).contains("news@acme.example");
        assertThat(toAda.getMessageID()).isEqualTo(adaSend.getMessageId());
        assertThat(SmtpServer.awaitOneMessageTo(grace, DELIVERY).getSubject()).isEqualTo("Your own subject");
        assertThat(SmtpServer.awaitOneMessageTo(alan, DELIVERY).getSubject()).startsWith("Order it-");
        assertThat(api.awaitFinal(adaSend.getId(), DELIVERY).getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
    }

    @Test
    void a_retried_batch_replays_every_item_and_creates_nothing() throws Exception {
        String ada = Api.newRecipient();
        String grace = Api.newRecipient();
        BatchSendRequest body =
                batch(item(Api.newIdempotencyKey(), ada, "Ada"), item(Api.newIdempotencyKey(), grace, "Grace"));
        BatchSendResult first = post(api, body);
        SmtpServer.awaitOneMessageTo(ada, DELIVERY);
        SmtpServer.awaitOneMessageTo(grace, DELIVERY);

        BatchSendResult retry = post(api, body);

        for (int i = 0; i < 2; i++) {
            assertThat(retry.getItems().get(i).getReplayed()).isTrue();
            assertThat(retry.getItems().get(i).getSend())
                    .isEqualTo(first.getItems().get(i).getSend());
        }
        assertThat(retry.getAccepted()).isEqualTo(2);
        BatchSendRequest later = batch(
                        item(Api.newIdempotencyKey(), ada, "Ada"), item(Api.newIdempotencyKey(), grace, "Grace"))
                .defaults(defaults().subject("Sent later"));
        assertThat(post(api, later).getAccepted()).isEqualTo(2);
        assertThat(SmtpServer.othersOnceDelivered(ada, "Sent later", DELIVERY))
                .as("nothing new was sent")
                .hasSize(1);
        assertThat(SmtpServer.othersOnceDelivered(grace, "Sent later", DELIVERY))
                .hasSize(1);
    }

    @Test
    void an_item_sent_before_by_emails_send_replays_its_answer() {
        String key = Api.newIdempotencyKey();
        String ada = Api.newRecipient();
        SendEmailRequest single = new SendEmailRequest()
                .templateId(templateId)
                .from("Acme <news@acme.example>")
                .to(Client.to(ada))
                .data(Map.of("name", "Ada", "orderId", key));
        ApiResponse<EmailSend> sent = call(() -> api.emails.emailsSendWithHttpInfo(key, single));
        assertThat(sent.getStatusCode()).isEqualTo(202);

        BatchItemOutcome only =
                post(api, batch(item(key, ada, "Ada"))).getItems().get(0);

        assertThat(only.getReplayed()).isTrue();
        assertThat(only.getSend().getId()).isEqualTo(sent.getData().getId());
    }

    @Test
    void emails_send_replays_an_item_accepted_by_a_batch_with_the_answer_it_would_have_given_itself() {
        String key = Api.newIdempotencyKey();
        String ada = Api.newRecipient();
        // Bytes are compared here, so both requests go over the raw client.
        Api raw = api.raw();
        JsonObject batch = Json.createObjectBuilder()
                .add(
                        "defaults",
                        Json.createObjectBuilder()
                                .add("templateId", templateId)
                                .add("from", "Acme <news@acme.example>"))
                .add(
                        "items",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("idempotencyKey", key)
                                        .add("to", Json.createObjectBuilder().add("email", ada))
                                        .add(
                                                "data",
                                                Json.createObjectBuilder()
                                                        .add("name", "Ada")
                                                        .add("orderId", key))))
                .build();
        Api.Reply batched = raw.post("/api/v1/emails/batch", batch);
        assertThat(batched.status()).as(batched.toString()).isEqualTo(200);
        JsonObject single = Json.createObjectBuilder()
                .add("templateId", templateId)
                .add("from", "Acme <news@acme.example>")
                .add("to", Json.createObjectBuilder().add("email", ada))
                .add("data", Json.createObjectBuilder().add("name", "Ada").add("orderId", key))
                .build();

        Api.Reply retry = raw.sendEmail(key, single);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
        assertThat(retry.header("Idempotency-Replayed")).hasValue("true");
        assertThat(batched.raw().body())
                .as("the item carries the very bytes emails.send replays")
                .contains("\"send\":" + retry.raw().body() + "}");
        assertThat(retry.json().getString("id")).startsWith("em_");
    }

    @Test
    void a_key_reused_for_another_request_is_refused_for_that_item() {
        String key = Api.newIdempotencyKey();
        String ada = Api.newRecipient();
        post(api, batch(item(key, ada, "Ada")));

        BatchSendResult reply = post(api, batch(item(key, ada, "Someone else")));

        assertThat(rejection(reply.getItems().get(0))).isEqualTo("idempotency_key_reuse");
    }

    @Test
    void more_than_a_hundred_items_refuse_the_whole_request() {
        List<BatchSendItem> items = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            items.add(item(Api.newIdempotencyKey(), Api.newRecipient(), "R" + i));
        }

        Client.Refusal reply = Client.refusal(() -> api.emails.emailsBatchSend(
                new BatchSendRequest().defaults(defaults()).items(items)));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.error()).isEqualTo("validation_failed");
        assertThat(reply.errorFields()).containsExactly("items");
    }

    @Test
    void defaults_naming_a_recipient_refuse_the_whole_request() {
        // The document does not let defaults name a recipient, so this request is written by hand.
        JsonObjectBuilder defaults = Json.createObjectBuilder()
                .add("templateId", templateId)
                .add("to", Json.createObjectBuilder().add("email", Api.newRecipient()));
        JsonArrayBuilder items = Json.createArrayBuilder()
                .add(Json.createObjectBuilder()
                        .add("idempotencyKey", Api.newIdempotencyKey())
                        .add("to", Json.createObjectBuilder().add("email", Api.newRecipient())));
        JsonObject body = Json.createObjectBuilder()
                .add("defaults", defaults)
                .add("items", items)
                .build();

        Api.Reply reply = Api.withBootstrapKey().post("/api/v1/emails/batch", body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.errorFields()).containsExactly("defaults.to");
    }

    @Test
    void a_body_over_the_batch_limit_is_refused_with_413() {
        String huge = "{\"items\":[{\"data\":{\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}}]}";

        Api.Reply reply = Api.withBootstrapKey().postRaw("/api/v1/emails/batch", huge, "application/json");

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.error()).isEqualTo("payload_too_large");
    }

    @Test
    void a_key_without_emails_write_is_refused_with_403() {
        String secret = call(() -> api.access.apiKeysCreate(
                        new ApiKeyRequest().name("reader").scopes(List.of(Scope.EMAILS_READ))))
                .getKey();
        Client reader = Client.withKey(secret);

        Client.Refusal reply = Client.refusal(
                () -> reader.emails.emailsBatchSend(batch(item(Api.newIdempotencyKey(), Api.newRecipient(), "Ada"))));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.error()).isEqualTo("insufficient_scope");
    }

    private static String rejection(BatchItemOutcome item) {
        assertThat(item.getSend()).as("item %s was accepted", item).isNull();
        return item.getRejected().getError();
    }
}
