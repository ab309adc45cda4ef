package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** emails.batchSend end to end: independent items, each accepted one delivered, a retry replayed. */
class BatchSendIT {
    /** Well under the test server's 60 s poll: delivery this fast means the batch woke a worker. */
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final Api api = Api.withBootstrapKey();
    private static String templateId;

    @BeforeAll
    static void newsletterTemplate() {
        templateId = api.createTemplate("Order [[${data.orderId}]]",
                "<p>Hello <span th:text=\"${data.name}\">you</span></p>", "Hello [[${data.name}]]");
    }

    private static JsonObjectBuilder item(String key, String recipient, String name) {
        return Json.createObjectBuilder()
                .add("idempotencyKey", key)
                .add("to", Json.createObjectBuilder().add("email", recipient))
                .add("data", Json.createObjectBuilder().add("name", name).add("orderId", key));
    }

    private static JsonObject batch(JsonObjectBuilder defaults, JsonObjectBuilder... items) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (JsonObjectBuilder item : items) {
            list.add(item);
        }
        return Json.createObjectBuilder().add("defaults", defaults).add("items", list).build();
    }

    private static JsonObjectBuilder defaults() {
        return Json.createObjectBuilder().add("templateId", templateId).add("from", "Acme <news@acme.example>");
    }

    @Test
    void a_mixed_batch_accepts_the_valid_items_rejects_the_others_and_delivers_each_accepted_one() throws Exception {
        String ada = Api.newRecipient();
        String grace = Api.newRecipient();
        String alan = Api.newRecipient();
        String first = Api.newIdempotencyKey();
        JsonObject body = batch(defaults(),
                item(first, ada, "Ada"),
                item(Api.newIdempotencyKey(), "not-an-address", "Nobody"),
                item(Api.newIdempotencyKey(), grace, "Grace").add("subject", "Your own subject"),
                item(Api.newIdempotencyKey(), Api.newRecipient(), "Ghost").add("templateId", "tpl_missing"),
                item(first, alan, "Alan"),
                item(Api.newIdempotencyKey(), alan, "Alan"));

        Api.Reply reply = api.post("/api/v1/emails/batch", body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject outcome = reply.json();
        assertThat(outcome.getString("object")).isEqualTo("batch");
        assertThat(outcome.getInt("total")).isEqualTo(6);
        assertThat(outcome.getInt("accepted")).isEqualTo(3);
        assertThat(outcome.getInt("rejected")).isEqualTo(3);
        List<JsonObject> items = outcome.getJsonArray("items").getValuesAs(JsonObject.class);
        for (int i = 0; i < items.size(); i++) {
            assertThat(items.get(i).getInt("index")).isEqualTo(i);
        }
        assertThat(items.get(0).getString("idempotencyKey")).isEqualTo(first);
        assertThat(rejection(items.get(1))).isEqualTo("validation_failed");
        assertThat(items.get(1).getJsonObject("rejected").getJsonArray("errors").getJsonObject(0).getString("field"))
                .isEqualTo("to.email");
        assertThat(rejection(items.get(3))).isEqualTo("not_found");
        assertThat(rejection(items.get(4))).as("a key repeated in the batch").isEqualTo("validation_failed");

        JsonObject adaSend = items.get(0).getJsonObject("send");
        assertThat(adaSend.getString("status")).isEqualTo("queued");
        assertThat(adaSend.getString("id")).startsWith("em_");
        MimeMessage toAda = SmtpServer.awaitOneMessageTo(ada, DELIVERY);
        assertThat(toAda.getSubject()).isEqualTo("Order " + first);
        assertThat(SmtpServer.header(toAda, "From")).contains("news@acme.example");
        assertThat(toAda.getMessageID()).isEqualTo(adaSend.getString("messageId"));
        assertThat(SmtpServer.awaitOneMessageTo(grace, DELIVERY).getSubject()).isEqualTo("Your own subject");
        assertThat(SmtpServer.awaitOneMessageTo(alan, DELIVERY).getSubject()).startsWith("Order it-");
        assertThat(api.awaitFinal(adaSend.getString("id"), DELIVERY).getString("status")).isEqualTo("sent");
    }

    @Test
    void a_retried_batch_replays_every_item_and_creates_nothing() throws Exception {
        String ada = Api.newRecipient();
        String grace = Api.newRecipient();
        JsonObject body = batch(defaults(), item(Api.newIdempotencyKey(), ada, "Ada"),
                item(Api.newIdempotencyKey(), grace, "Grace"));
        Api.Reply first = api.post("/api/v1/emails/batch", body);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        SmtpServer.awaitOneMessageTo(ada, DELIVERY);
        SmtpServer.awaitOneMessageTo(grace, DELIVERY);

        Api.Reply retry = api.post("/api/v1/emails/batch", body);

        assertThat(retry.status()).isEqualTo(200);
        List<JsonObject> firstItems = first.json().getJsonArray("items").getValuesAs(JsonObject.class);
        List<JsonObject> retryItems = retry.json().getJsonArray("items").getValuesAs(JsonObject.class);
        for (int i = 0; i < 2; i++) {
            assertThat(retryItems.get(i).getBoolean("replayed")).isTrue();
            assertThat(retryItems.get(i).getJsonObject("send")).isEqualTo(firstItems.get(i).getJsonObject("send"));
        }
        assertThat(retry.json().getInt("accepted")).isEqualTo(2);
        Api.sleep(1000);
        assertThat(SmtpServer.messagesTo(ada)).as("nothing new was sent").hasSize(1);
        assertThat(SmtpServer.messagesTo(grace)).hasSize(1);
    }

    @Test
    void an_item_sent_before_by_emails_send_replays_its_answer() {
        String key = Api.newIdempotencyKey();
        String ada = Api.newRecipient();
        JsonObject single = Json.createObjectBuilder().add("templateId", templateId)
                .add("from", "Acme <news@acme.example>")
                .add("to", Json.createObjectBuilder().add("email", ada))
                .add("data", Json.createObjectBuilder().add("name", "Ada").add("orderId", key)).build();
        Api.Reply sent = api.sendEmail(key, single);
        assertThat(sent.status()).isEqualTo(202);

        Api.Reply reply = api.post("/api/v1/emails/batch", batch(defaults(), item(key, ada, "Ada")));

        JsonObject only = reply.json().getJsonArray("items").getJsonObject(0);
        assertThat(only.getBoolean("replayed")).isTrue();
        assertThat(only.getJsonObject("send").getString("id")).isEqualTo(sent.json().getString("id"));
    }

    @Test
    void emails_send_replays_an_item_accepted_by_a_batch_with_the_answer_it_would_have_given_itself() {
        String key = Api.newIdempotencyKey();
        String ada = Api.newRecipient();
        Api.Reply batched = api.post("/api/v1/emails/batch", batch(defaults(), item(key, ada, "Ada")));
        assertThat(batched.status()).as(batched.toString()).isEqualTo(200);
        JsonObject single = Json.createObjectBuilder().add("templateId", templateId)
                .add("from", "Acme <news@acme.example>")
                .add("to", Json.createObjectBuilder().add("email", ada))
                .add("data", Json.createObjectBuilder().add("name", "Ada").add("orderId", key)).build();

        Api.Reply retry = api.sendEmail(key, single);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
        assertThat(retry.header("Idempotency-Replayed")).hasValue("true");
        assertThat(batched.raw().body()).as("the item carries the very bytes emails.send replays")
                .contains("\"send\":" + retry.raw().body() + "}");
        assertThat(retry.json().getString("id")).startsWith("em_");
    }

    @Test
    void a_key_reused_for_another_request_is_refused_for_that_item() {
        String key = Api.newIdempotencyKey();
        String ada = Api.newRecipient();
        api.post("/api/v1/emails/batch", batch(defaults(), item(key, ada, "Ada")));

        Api.Reply reply = api.post("/api/v1/emails/batch", batch(defaults(), item(key, ada, "Someone else")));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(rejection(reply.json().getJsonArray("items").getJsonObject(0))).isEqualTo("idempotency_key_reuse");
    }

    @Test
    void more_than_a_hundred_items_refuse_the_whole_request() {
        List<JsonObjectBuilder> items = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            items.add(item(Api.newIdempotencyKey(), Api.newRecipient(), "R" + i));
        }

        Api.Reply reply = api.post("/api/v1/emails/batch", batch(defaults(), items.toArray(JsonObjectBuilder[]::new)));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.error()).isEqualTo("validation_failed");
        assertThat(reply.errorFields()).containsExactly("items");
    }

    @Test
    void defaults_naming_a_recipient_refuse_the_whole_request() {
        JsonObjectBuilder defaults = defaults().add("to", Json.createObjectBuilder().add("email", Api.newRecipient()));

        Api.Reply reply = api.post("/api/v1/emails/batch",
                batch(defaults, item(Api.newIdempotencyKey(), Api.newRecipient(), "Ada")));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.errorFields()).containsExactly("defaults.to");
    }

    @Test
    void a_body_over_the_batch_limit_is_refused_with_413() {
        String huge = "{\"items\":[{\"data\":{\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}}]}";

        Api.Reply reply = api.postRaw("/api/v1/emails/batch", huge, "application/json");

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.error()).isEqualTo("payload_too_large");
    }

    @Test
    void a_key_without_emails_write_is_refused_with_403() {
        Api.Reply created = api.post("/api/v1/api-keys", Json.createObjectBuilder().add("name", "reader")
                .add("scopes", Json.createArrayBuilder().add("emails:read")).build());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api reader = Api.withKey(created.json().getString("key"));

        Api.Reply reply = reader.post("/api/v1/emails/batch",
                batch(defaults(), item(Api.newIdempotencyKey(), Api.newRecipient(), "Ada")));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.error()).isEqualTo("insufficient_scope");
    }

    private static String rejection(JsonObject item) {
        assertThat(item.containsKey("send")).as("item %s was accepted", item).isFalse();
        return item.getJsonObject("rejected").getString("error");
    }
}
