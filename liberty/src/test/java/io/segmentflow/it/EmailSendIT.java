package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** emails.send end to end: accepted, rendered, delivered over SMTP, and shown as sent. */
class EmailSendIT {
    /** Well under the test server's 60 s poll: delivery this fast means a new send woke a worker. */
    private static final Duration DELIVERY = Duration.ofSeconds(20);
    private static final Api api = Api.withBootstrapKey();
    private static String templateId;

    @BeforeAll
    static void receipt() {
        SmtpServer.get();
        System.out.println("Integration tests run on: "
                + Api.anonymous().get("/health/ready").raw().body());
        templateId = api.createTemplate("Your receipt [[${data.orderId}]]",
                "<h1>Thanks, <span th:text=\"${data.name}\">customer</span>!</h1>"
                        + "<p th:each=\"item : ${data.items}\" th:text=\"${item.title}\">item</p>",
                "Thanks, [[${data.name}]]! Order [[${data.orderId}]].");
    }

    private static JsonObject receiptFor(String recipient) {
        return Json.createObjectBuilder()
                .add("templateId", templateId)
                .add("to", Json.createObjectBuilder().add("email", recipient).add("name", "Ada Lovelace"))
                .add("data", Json.createObjectBuilder()
                        .add("name", "Ada")
                        .add("orderId", "A-1001")
                        .add("items", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("title", "Analytical Engine"))
                                .add(Json.createObjectBuilder().add("title", "Punch cards"))))
                .add("tracking", Json.createObjectBuilder().add("clicks", true).add("opens", false))
                .build();
    }

    @Test
    void a_send_is_accepted_queued_then_delivered_with_its_rendered_parts() throws Exception {
        String recipient = Api.newRecipient();

        Api.Reply accepted = api.sendEmail(Api.newIdempotencyKey(), receiptFor(recipient));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonObject send = accepted.json();
        assertThat(send.getString("status")).isEqualTo("queued");
        assertThat(send.getString("id")).startsWith("em_");
        assertThat(accepted.header("Location")).hasValue(Api.BASE_URL + "/api/v1/emails/" + send.getString("id"));
        assertThat(send.getJsonObject("tracking").getBoolean("clicks")).isTrue();

        MimeMessage message = SmtpServer.awaitOneMessageTo(recipient, DELIVERY);
        assertThat(message.getSubject()).isEqualTo("Your receipt A-1001");
        assertThat(SmtpServer.header(message, "To")).contains("Ada Lovelace").contains(recipient);
        String raw = GreenMailUtil.getWholeMessage(message);
        assertThat(raw).contains("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContent().toString()).contains("Thanks, Ada! Order A-1001.");
        assertThat(parts.getBodyPart(1).getContent().toString())
                .contains("<h1>Thanks, <span>Ada</span>!</h1>")
                .contains("<p>Analytical Engine</p>")
                .contains("<p>Punch cards</p>");

        JsonObject sent = api.awaitFinal(send.getString("id"), DELIVERY);
        assertThat(sent.getString("status")).isEqualTo("sent");
        assertThat(sent.getString("messageId")).isEqualTo(message.getMessageID());
        assertThat(sent.getInt("attempts")).isEqualTo(1);
        assertThat(sent.getString("createdAt")).isEqualTo(send.getString("createdAt"));
        assertThat(sent.getString("templateSnapshotId")).startsWith("tsn_");
        assertThat(sent.getJsonObject("tracking").getBoolean("clicks")).isTrue();
        assertThat(sent.getJsonObject("tracking").getBoolean("opens")).isFalse();
    }

    @Test
    void cc_and_bcc_receive_the_message_but_bcc_is_never_shown() throws Exception {
        String to = Api.newRecipient();
        String cc = Api.newRecipient();
        String bcc = Api.newRecipient();
        JsonObject body = Json.createObjectBuilder(receiptFor(to))
                .add("cc", Json.createArrayBuilder().add(cc))
                .add("bcc", bcc)
                .add("from", "Acme Billing <billing@acme.example>")
                .add("replyTo", "help@acme.example")
                .build();

        Api.Reply accepted = api.sendEmail(Api.newIdempotencyKey(), body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.raw().body()).doesNotContain(bcc);

        MimeMessage toCopy = SmtpServer.awaitOneMessageTo(to, DELIVERY);
        SmtpServer.awaitOneMessageTo(cc, DELIVERY);
        MimeMessage bccCopy = SmtpServer.awaitOneMessageTo(bcc, DELIVERY);
        assertThat(SmtpServer.header(toCopy, "Cc")).contains(cc);
        assertThat(SmtpServer.header(toCopy, "From")).contains("Acme Billing").contains("billing@acme.example");
        assertThat(SmtpServer.header(toCopy, "Reply-To")).contains("help@acme.example");
        assertThat(GreenMailUtil.getWholeMessage(bccCopy)).doesNotContain(bcc).doesNotContainIgnoringCase("\nBcc:");
        assertThat(toCopy.getMessageID()).isEqualTo(accepted.json().getString("messageId"));

        Api.Reply read = api.get("/api/v1/emails/" + accepted.json().getString("id"));
        assertThat(read.raw().body()).doesNotContain(bcc);
    }

    @Test
    void a_subject_given_with_the_send_overrides_the_templates() throws Exception {
        String recipient = Api.newRecipient();
        JsonObject body = Json.createObjectBuilder(receiptFor(recipient)).add("subject", "Reset your password").build();

        assertThat(api.sendEmail(Api.newIdempotencyKey(), body).status()).isEqualTo(202);

        Message message = SmtpServer.awaitOneMessageTo(recipient, DELIVERY);
        assertThat(message.getSubject()).isEqualTo("Reset your password");
    }

    @Test
    void line_breaks_in_data_never_become_headers() throws Exception {
        String recipient = Api.newRecipient();
        String attacker = Api.newRecipient();
        JsonObject body = Json.createObjectBuilder()
                .add("templateId", templateId)
                .add("to", Json.createObjectBuilder().add("email", recipient))
                .add("data", Json.createObjectBuilder()
                        .add("orderId", "1\r\nBcc: " + attacker + "\r\nX-Injected: yes")
                        .add("name", "Eve"))
                .build();

        assertThat(api.sendEmail(Api.newIdempotencyKey(), body).status()).isEqualTo(202);

        MimeMessage message = SmtpServer.awaitOneMessageTo(recipient, DELIVERY);
        assertThat(message.getHeader("X-Injected")).isNull();
        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(message.getSubject()).doesNotContain("\r").doesNotContain("\n");
        Api.sleep(500);
        assertThat(SmtpServer.messagesTo(attacker)).isEmpty();
    }

    @Test
    void a_template_edit_leaves_accepted_sends_on_their_snapshot() {
        String ownTemplate = api.createTemplate("Version one", "<p>one</p>", null);
        String recipient = Api.newRecipient();
        Api.Reply first = api.sendEmail(Api.newIdempotencyKey(), Json.createObjectBuilder()
                .add("templateId", ownTemplate).add("to", Json.createObjectBuilder().add("email", recipient)).build());
        String firstSnapshot = first.json().getString("templateSnapshotId");

        Api.Reply edited = api.put("/api/v1/templates/" + ownTemplate, Json.createObjectBuilder()
                .add("name", "edited").add("subject", "Version two").add("html", "<p>two</p>").build());
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.json().getString("snapshotId")).isNotEqualTo(firstSnapshot);

        Api.Reply second = api.sendEmail(Api.newIdempotencyKey(), Json.createObjectBuilder()
                .add("templateId", ownTemplate).add("to", Json.createObjectBuilder().add("email", recipient)).build());
        assertThat(second.json().getString("templateSnapshotId")).isEqualTo(edited.json().getString("snapshotId"));
        assertThat(api.get("/api/v1/emails/" + first.json().getString("id")).json().getString("templateSnapshotId"))
                .isEqualTo(firstSnapshot);
    }
}
