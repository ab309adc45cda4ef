package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.Recipient;
import io.segmentflow.it.client.model.SendEmailRequest;
import io.segmentflow.it.client.model.Template;
import io.segmentflow.it.client.model.TemplateRequest;
import io.segmentflow.it.client.model.Tracking;
import jakarta.json.Json;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** emails.send end to end: accepted, rendered, delivered over SMTP, and shown as sent. */
class EmailSendIT {
    /** Well under the test server's 60 s poll: delivery this fast means a new send woke a worker. */
    private static final Duration DELIVERY = Duration.ofSeconds(20);

    private static final Client api = Client.withBootstrapKey();
    private static String templateId;

    @BeforeAll
    static void receipt() {
        SmtpServer.get();
        System.out.println("Integration tests run on: "
                + Api.anonymous().get("/health/ready").raw().body());
        templateId = api.createTemplate(
                "Your receipt [[${data.orderId}]]",
                "<h1>Thanks, <span th:text=\"${data.name}\">customer</span>!</h1>"
                        + "<p th:each=\"item : ${data.items}\" th:text=\"${item.title}\">item</p>",
                "Thanks, [[${data.name}]]! Order [[${data.orderId}]].");
    }

    private static SendEmailRequest receiptFor(String recipient) {
        Map<String, Object> data = new HashMap<>();
        data.put("name", "Ada");
        data.put("orderId", "A-1001");
        data.put("items", List.of(Map.of("title", "Analytical Engine"), Map.of("title", "Punch cards")));
        return new SendEmailRequest()
                .templateId(templateId)
                .to(new Recipient().email(recipient).name("Ada Lovelace"))
                .data(data)
                .tracking(new Tracking().clicks(true).opens(false));
    }

    private static ApiResponse<EmailSend> send(SendEmailRequest body) {
        return call(() -> api.emails.emailsSendWithHttpInfo(Api.newIdempotencyKey(), body));
    }

    @Test
    void a_send_is_accepted_queued_then_delivered_with_its_rendered_parts() throws Exception {
        String recipient = Api.newRecipient();

        ApiResponse<EmailSend> accepted = send(receiptFor(recipient));

        assertThat(accepted.getStatusCode()).isEqualTo(202);
        EmailSend send = accepted.getData();
        assertThat(send.getStatus()).isEqualTo(EmailSend.StatusEnum.QUEUED);
        assertThat(send.getId()).startsWith("em_");
        assertThat(Client.header(accepted, "Location")).hasValue(Api.BASE_URL + "/api/v1/emails/" + send.getId());
        assertThat(send.getTracking().getClicks()).isTrue();

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

        EmailSend sent = api.awaitFinal(send.getId(), DELIVERY);
        assertThat(sent.getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
        assertThat(sent.getMessageId()).isEqualTo(message.getMessageID());
        assertThat(sent.getAttempts()).isEqualTo(1);
        assertThat(sent.getCreatedAt()).isEqualTo(send.getCreatedAt());
        assertThat(sent.getTemplateSnapshotId()).startsWith("tsn_");
        assertThat(sent.getTracking().getClicks()).isTrue();
        assertThat(sent.getTracking().getOpens()).isFalse();
    }

    @Test
    void cc_and_bcc_receive_the_message_but_bcc_is_never_shown() throws Exception {
        String to = Api.newRecipient();
        String cc = Api.newRecipient();
        String bcc = Api.newRecipient();
        SendEmailRequest body = receiptFor(to)
                .cc(List.of(cc))
                .bcc(List.of(bcc))
                .from("Acme Billing <billing@acme.example>")
                .replyTo("help@acme.example");

        EmailSend accepted = send(body).getData();
        // The client reads every field the server sends (it refuses undocumented ones), so this covers the body.
        assertThat(accepted.toString()).doesNotContain(bcc);

        MimeMessage toCopy = SmtpServer.awaitOneMessageTo(to, DELIVERY);
        SmtpServer.awaitOneMessageTo(cc, DELIVERY);
        MimeMessage bccCopy = SmtpServer.awaitOneMessageTo(bcc, DELIVERY);
        assertThat(SmtpServer.header(toCopy, "Cc")).contains(cc);
        assertThat(SmtpServer.header(toCopy, "From")).contains("Acme Billing").contains("billing@acme.example");
        assertThat(SmtpServer.header(toCopy, "Reply-To")).contains("help@acme.example");
        assertThat(GreenMailUtil.getWholeMessage(bccCopy)).doesNotContain(bcc).doesNotContainIgnoringCase("\nBcc:");
        assertThat(toCopy.getMessageID()).isEqualTo(accepted.getMessageId());

        Api.Reply read = Api.withBootstrapKey().get("/api/v1/emails/" + accepted.getId());
        assertThat(read.raw().body()).doesNotContain(bcc);
    }

    @Test
    void a_single_cc_or_bcc_address_may_be_given_as_a_string() throws Exception {
        // The document names the list form alone; the server takes a plain string too, as callers of other APIs send.
        String to = Api.newRecipient();
        String cc = Api.newRecipient();
        String bcc = Api.newRecipient();
        Api.Reply accepted = Api.withBootstrapKey()
                .sendEmail(
                        Api.newIdempotencyKey(),
                        Json.createObjectBuilder()
                                .add("templateId", templateId)
                                .add("to", Json.createObjectBuilder().add("email", to))
                                .add("cc", cc)
                                .add("bcc", bcc)
                                .build());

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().getJsonArray("cc").getString(0)).isEqualTo(cc);
        assertThat(SmtpServer.header(SmtpServer.awaitOneMessageTo(to, DELIVERY), "Cc"))
                .contains(cc);
        SmtpServer.awaitOneMessageTo(cc, DELIVERY);
        SmtpServer.awaitOneMessageTo(bcc, DELIVERY);
    }

    @Test
    void a_subject_given_with_the_send_overrides_the_templates() throws Exception {
        String recipient = Api.newRecipient();

        assertThat(send(receiptFor(recipient).subject("Reset your password")).getStatusCode())
                .isEqualTo(202);

        Message message = SmtpServer.awaitOneMessageTo(recipient, DELIVERY);
        assertThat(message.getSubject()).isEqualTo("Reset your password");
    }

    @Test
    void line_breaks_in_data_never_become_headers() throws Exception {
        String recipient = Api.newRecipient();
        String attacker = Api.newRecipient();
        SendEmailRequest body = new SendEmailRequest()
                .templateId(templateId)
                .to(Client.to(recipient))
                .data(Map.of("orderId", "1\r\nBcc: " + attacker + "\r\nX-Injected: yes", "name", "Eve"));

        ApiResponse<EmailSend> accepted = send(body);
        assertThat(accepted.getStatusCode()).isEqualTo(202);

        MimeMessage message = SmtpServer.awaitOneMessageTo(recipient, DELIVERY);
        assertThat(message.getHeader("X-Injected")).isNull();
        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(message.getSubject()).doesNotContain("\r").doesNotContain("\n");
        // Sent means the relay took the whole transaction: every recipient it named has its copy by then.
        EmailSend sent = api.awaitFinal(accepted.getData().getId(), DELIVERY);
        assertThat(sent.getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
        assertThat(sent.getDeliveryAttempts())
                .singleElement()
                .satisfies(attempt -> assertThat(attempt.getRecipients())
                        .extracting(r -> r.getEmail())
                        .containsExactly(recipient));
        assertThat(SmtpServer.messagesTo(attacker)).isEmpty();
    }

    @Test
    void a_template_edit_leaves_accepted_sends_on_their_snapshot() {
        String ownTemplate = api.createTemplate("Version one", "<p>one</p>", null);
        String recipient = Api.newRecipient();
        EmailSend first = send(new SendEmailRequest().templateId(ownTemplate).to(Client.to(recipient)))
                .getData();
        String firstSnapshot = first.getTemplateSnapshotId();

        ApiResponse<Template> edited = call(() -> api.templates.templatesReplaceWithHttpInfo(
                ownTemplate,
                new TemplateRequest().name("edited").subject("Version two").html("<p>two</p>")));
        assertThat(edited.getStatusCode()).isEqualTo(200);
        assertThat(edited.getData().getSnapshotId()).isNotEqualTo(firstSnapshot);

        EmailSend second = send(new SendEmailRequest().templateId(ownTemplate).to(Client.to(recipient)))
                .getData();
        assertThat(second.getTemplateSnapshotId()).isEqualTo(edited.getData().getSnapshotId());
        assertThat(call(() -> api.emails.emailsGet(first.getId())).getTemplateSnapshotId())
                .isEqualTo(firstSnapshot);
    }
}
