package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.DeliveryAttempt;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.SendEmailRequest;
import io.segmentflow.it.client.model.Suppression;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery against a relay that misbehaves the way real ones do, played by Postfix's smtp-sink: a 4xx, a 5xx, a
 * 421 in the middle of the session, a hang-up. The test server retries after 1 s, then 2 s, for 8 s at most
 * (server.env).
 */
class DeliveryFaultsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Client api = Client.withBootstrapKey();
    private static String templateId;
    private SmtpSink sink;
    private RecipientRefusal refusal;

    @BeforeAll
    static void aTemplate() {
        assumeTrue(
                SmtpSink.program().isPresent(),
                "Postfix's smtp-sink is not installed (Debian package postfix): delivery-fault tests skipped");
        SmtpServer.get();
        templateId = api.createTemplate("Sign-in code [[${data.code}]]", "<p>Your code: [[${data.code}]]</p>", null);
    }

    @AfterEach
    void backToAHealthyRelay() throws Exception {
        SmtpServer.routeToGreenMail();
        if (refusal != null) {
            refusal.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    private void relayWith(String... faults) throws Exception {
        sink = SmtpSink.start(faults);
        SmtpServer.routeTo(sink.port());
    }

    private static String send(SendEmailRequest body) {
        ApiResponse<EmailSend> reply = Client.call(() -> api.emails.emailsSendWithHttpInfo(
                Api.newIdempotencyKey(), body.templateId(templateId).data(Map.of("code", "731904"))));
        assertThat(reply.getStatusCode()).isEqualTo(202);
        return reply.getData().getId();
    }

    private static String send(String recipient) {
        return send(new SendEmailRequest().to(Client.to(recipient)));
    }

    private static EmailSend view(String id) {
        return Client.call(() -> api.emails.emailsGet(id));
    }

    private static Suppression suppression(String address) {
        return Client.call(() -> api.suppressions.suppressionsGet(address));
    }

    private static EmailSend await(String id, Predicate<EmailSend> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        EmailSend view;
        do {
            view = view(id);
            if (condition.test(view)) {
                return view;
            }
            Api.sleep(25);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("email " + id + " never " + what + ": " + view);
    }

    /** Waits until the send has been tried and put back for a later attempt. */
    private static EmailSend awaitDeferred(String id) {
        return await(id, v -> v.getAttempts() >= 1 && v.getStatus() == EmailSend.StatusEnum.QUEUED, "was deferred");
    }

    private static List<DeliveryAttempt> attempts(EmailSend view) {
        return view.getDeliveryAttempts();
    }

    private static String result(DeliveryAttempt attempt) {
        return attempt.getResult().getValue();
    }

    private static String status(EmailSend view) {
        return view.getStatus().getValue();
    }

    @Test
    void a_4xx_reply_is_retried_later_and_the_send_shows_each_attempt_and_its_reply() throws Exception {
        relayWith("-r", "rcpt");
        String recipient = Api.newRecipient();
        String id = send(recipient);

        EmailSend deferred = awaitDeferred(id);
        assertThat(deferred.getLastReply()).startsWith("450 4.3.0");
        assertThat(deferred.getNextAttemptAt()).isNotNull();
        assertThat(result(attempts(deferred).get(0))).isEqualTo("temporary_failure");
        assertThat(attempts(deferred).get(0).getReply()).startsWith("450 4.3.0");

        SmtpServer.routeToGreenMail();
        EmailSend sent = api.awaitFinal(id, WAIT);

        assertThat(status(sent)).isEqualTo("sent");
        List<DeliveryAttempt> log = attempts(sent);
        assertThat(result(log.get(log.size() - 1))).isEqualTo("accepted");
        assertThat(log.subList(0, log.size() - 1))
                .allSatisfy(a -> assertThat(result(a)).isEqualTo("temporary_failure"));
        assertThat(sent.getAttempts()).isEqualTo(log.size());
        MimeMessage message = SmtpServer.awaitOneMessageTo(recipient, WAIT);
        assertThat(message.getSubject()).isEqualTo("Sign-in code 731904");
    }

    @Test
    void a_send_still_deferred_when_its_lifetime_ends_fails_with_the_reason() throws Exception {
        relayWith("-r", "rcpt");
        String id = send(Api.newRecipient());

        EmailSend failed = api.awaitFinal(id, WAIT);

        assertThat(status(failed)).isEqualTo("failed");
        assertThat(failed.getFailureMessage()).contains("delivery lifetime 8 s").contains("450 4.3.0");
        assertThat(failed.getAttempts()).isGreaterThanOrEqualTo(3);
        assertThat(attempts(failed))
                .hasSize(failed.getAttempts())
                .allSatisfy(a -> assertThat(result(a)).isEqualTo("temporary_failure"));
        assertThat(failed.getNextAttemptAt()).isNull();
    }

    @Test
    void a_5xx_to_rcpt_fails_the_send_suppresses_the_address_and_later_sends_to_it_are_skipped() throws Exception {
        relayWith("-f", "rcpt");
        String recipient = Api.newRecipient();
        String first = send(recipient);

        EmailSend failed = api.awaitFinal(first, WAIT);
        assertThat(status(failed)).isEqualTo("failed");
        assertThat(failed.getFailureMessage()).startsWith("500 5.3.0");
        assertThat(failed.getAttempts()).isEqualTo(1);

        Suppression suppression = suppression(recipient);
        assertThat(suppression.getReason()).isEqualTo(Suppression.ReasonEnum.HARD_BOUNCE);
        assertThat(suppression.getEmailId()).isEqualTo(first);

        SmtpServer.routeToGreenMail();
        String second = send(recipient);
        EmailSend skipped = api.awaitFinal(second, WAIT);

        assertThat(status(skipped)).isEqualTo("skipped");
        assertThat(skipped.getFailureMessage()).contains("suppress");
        assertThat(skipped.getAttempts()).isZero();
        assertThat(attempts(skipped)).isEmpty();
        // A send to someone else still goes out, so the relay was reachable all along.
        String other = Api.newRecipient();
        api.awaitFinal(send(other), WAIT);
        SmtpServer.awaitOneMessageTo(other, WAIT);
        assertThat(SmtpServer.messagesTo(recipient)).isEmpty();
    }

    @Test
    void a_421_in_the_middle_of_the_session_drops_the_connection_and_the_message_is_retried() throws Exception {
        relayWith("-Q", "data");
        String recipient = Api.newRecipient();
        String id = send(recipient);

        EmailSend deferred = awaitDeferred(id);
        assertThat(deferred.getLastReply()).startsWith("421");

        SmtpServer.routeToGreenMail();
        assertThat(status(api.awaitFinal(id, WAIT))).isEqualTo("sent");
        SmtpServer.awaitOneMessageTo(recipient, WAIT);
        assertThat(SmtpServer.messagesTo(recipient)).hasSize(1);
    }

    @Test
    void a_relay_that_hangs_up_without_a_word_costs_a_retry_not_the_message() throws Exception {
        relayWith("-q", "data");
        String recipient = Api.newRecipient();
        String id = send(recipient);

        awaitDeferred(id);

        SmtpServer.routeToGreenMail();
        assertThat(status(api.awaitFinal(id, WAIT))).isEqualTo("sent");
        assertThat(SmtpServer.awaitOneMessageTo(recipient, WAIT).getSubject()).isEqualTo("Sign-in code 731904");
    }

    /**
     * smtp-sink, dumping what it receives into {@code dumps}, behind a relay that refuses {@code refused} alone at
     * RCPT TO.
     */
    private void relayRefusingOnly(String refused, Path dumps) throws Exception {
        Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx"));
        sink = SmtpSink.start("-p", "-d", dumps + "/message.");
        refusal = new RecipientRefusal(sink.port(), refused);
        SmtpServer.routeTo(refusal.port());
    }

    private static String sendWithCopies(String to, String cc, String otherCc, String bcc) {
        return send(new SendEmailRequest()
                .to(Client.to(to))
                .cc(List.of(cc, otherCc))
                .bcc(List.of(bcc)));
    }

    /** The RCPT TO arguments of each message smtp-sink took, one list per message. */
    private static List<String> recipientsReceived(Path dumps) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> received;
        do {
            try (Stream<Path> files = Files.list(dumps)) {
                received = files.map(file -> {
                            try {
                                return Files.readAllLines(file).stream()
                                        .filter(l -> l.startsWith("X-Rcpt-Args:"))
                                        .toList()
                                        .toString();
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        })
                        .toList();
            }
            if (!received.isEmpty()) {
                return received;
            }
            Api.sleep(25);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("smtp-sink received nothing");
    }

    private static List<String> recipientsOf(DeliveryAttempt attempt) {
        return attempt.getRecipients().stream()
                .map(r -> r.getKind().getValue() + " " + (r.getEmail() == null ? "-" : r.getEmail()) + " "
                        + r.getResult().getValue() + " " + r.getReply().substring(0, 9))
                .toList();
    }

    @Test
    void a_cc_refused_at_rcpt_is_suppressed_and_the_others_still_get_the_message(@TempDir Path dumps) throws Exception {
        String to = Api.newRecipient();
        String refused = Api.newRecipient();
        String cc = Api.newRecipient();
        String bcc = Api.newRecipient();
        relayRefusingOnly(refused, dumps);

        String id = sendWithCopies(to, refused, cc, bcc);
        EmailSend sent = api.awaitFinal(id, WAIT);

        assertThat(status(sent)).isEqualTo("sent");
        assertThat(sent.getAttempts()).isEqualTo(1);
        assertThat(recipientsOf(attempts(sent).get(0)))
                .containsExactly(
                        "to " + to + " accepted 250 2.0.0",
                        "cc " + refused + " permanent_failure 550 5.1.1",
                        "cc " + cc + " accepted 250 2.0.0",
                        "bcc - accepted 250 2.0.0");
        assertThat(attempts(sent).get(0).getRecipients().get(1).getReply())
                .isEqualTo(String.format(RecipientRefusal.REPLY, refused));
        assertThat(recipientsReceived(dumps))
                .singleElement()
                .satisfies(rcpts -> assertThat(rcpts).contains(to, cc, bcc).doesNotContain(refused));

        Suppression suppression = suppression(refused);
        assertThat(suppression.getReason()).isEqualTo(Suppression.ReasonEnum.HARD_BOUNCE);
        assertThat(suppression.getDetail()).startsWith("550 5.1.1");
        assertThat(suppression.getEmailId()).isEqualTo(id);
        for (String other : List.of(to, cc, bcc)) {
            assertThat(Client.refusal(() -> api.suppressions.suppressionsGet(other))
                            .status())
                    .as(other)
                    .isEqualTo(404);
        }

        // The next send with that cc leaves it out.
        SmtpServer.routeToGreenMail();
        String to2 = Api.newRecipient();
        EmailSend next = api.awaitFinal(sendWithCopies(to2, refused.toUpperCase(java.util.Locale.ROOT), cc, bcc), WAIT);
        assertThat(status(next)).isEqualTo("sent");
        assertThat(next.getWithheldRecipients())
                .extracting(w ->
                        w.getKind().getValue() + " " + w.getSuppressionReason().getValue())
                .containsExactly("cc hard_bounce");
        SmtpServer.awaitOneMessageTo(to2, WAIT);
        assertThat(SmtpServer.messagesToAnyCase(refused)).isEmpty();
    }

    @Test
    void the_to_recipient_refused_at_rcpt_fails_the_send_though_the_copies_went_out(@TempDir Path dumps)
            throws Exception {
        String to = Api.newRecipient();
        String cc = Api.newRecipient();
        String otherCc = Api.newRecipient();
        String bcc = Api.newRecipient();
        relayRefusingOnly(to, dumps);

        String id = sendWithCopies(to, cc, otherCc, bcc);
        EmailSend failed = api.awaitFinal(id, WAIT);

        assertThat(status(failed)).isEqualTo("failed");
        assertThat(failed.getFailureMessage()).startsWith("550 5.1.1").endsWith("(delivered to the other recipients)");
        assertThat(recipientsOf(attempts(failed).get(0)))
                .containsExactly(
                        "to " + to + " permanent_failure 550 5.1.1",
                        "cc " + cc + " accepted 250 2.0.0",
                        "cc " + otherCc + " accepted 250 2.0.0",
                        "bcc - accepted 250 2.0.0");
        assertThat(recipientsReceived(dumps))
                .singleElement()
                .satisfies(rcpts -> assertThat(rcpts).contains(cc, otherCc, bcc).doesNotContain(to));
        assertThat(suppression(to).getReason()).isEqualTo(Suppression.ReasonEnum.HARD_BOUNCE);
    }
}
