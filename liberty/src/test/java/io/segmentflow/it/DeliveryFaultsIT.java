package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
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
    private static final Api api = Api.withBootstrapKey();
    private static String templateId;
    private SmtpSink sink;
    private RecipientRefusal refusal;

    @BeforeAll
    static void aTemplate() {
        assumeTrue(SmtpSink.program().isPresent(),
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

    private static String send(String recipient) {
        JsonObject body = Json.createObjectBuilder().add("templateId", templateId)
                .add("to", Json.createObjectBuilder().add("email", recipient))
                .add("data", Json.createObjectBuilder().add("code", "731904")).build();
        Api.Reply reply = api.sendEmail(Api.newIdempotencyKey(), body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().getString("id");
    }

    private static JsonObject view(String id) {
        return api.get("/api/v1/emails/" + id).json();
    }

    private static JsonObject await(String id, Predicate<JsonObject> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject view;
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
    private static JsonObject awaitDeferred(String id) {
        return await(id, v -> v.getInt("attempts") >= 1 && "queued".equals(v.getString("status")), "was deferred");
    }

    private static List<JsonObject> attempts(JsonObject view) {
        return view.getJsonArray("deliveryAttempts").getValuesAs(JsonObject.class);
    }

    private static String text(JsonObject json, String field) {
        return json.isNull(field) ? null : ((JsonString) json.get(field)).getString();
    }

    @Test
    void a_4xx_reply_is_retried_later_and_the_send_shows_each_attempt_and_its_reply() throws Exception {
        relayWith("-r", "rcpt");
        String recipient = Api.newRecipient();
        String id = send(recipient);

        JsonObject deferred = awaitDeferred(id);
        assertThat(text(deferred, "lastReply")).startsWith("450 4.3.0");
        assertThat(text(deferred, "nextAttemptAt")).isNotNull();
        assertThat(attempts(deferred).get(0).getString("result")).isEqualTo("temporary_failure");
        assertThat(attempts(deferred).get(0).getString("reply")).startsWith("450 4.3.0");

        SmtpServer.routeToGreenMail();
        JsonObject sent = api.awaitFinal(id, WAIT);

        assertThat(sent.getString("status")).isEqualTo("sent");
        List<JsonObject> log = attempts(sent);
        assertThat(log.get(log.size() - 1).getString("result")).isEqualTo("accepted");
        assertThat(log.subList(0, log.size() - 1)).allSatisfy(a -> assertThat(a.getString("result"))
                .isEqualTo("temporary_failure"));
        assertThat(sent.getInt("attempts")).isEqualTo(log.size());
        MimeMessage message = SmtpServer.awaitOneMessageTo(recipient, WAIT);
        assertThat(message.getSubject()).isEqualTo("Sign-in code 731904");
    }

    @Test
    void a_send_still_deferred_when_its_lifetime_ends_fails_with_the_reason() throws Exception {
        relayWith("-r", "rcpt");
        String id = send(Api.newRecipient());

        JsonObject failed = api.awaitFinal(id, WAIT);

        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(text(failed, "failureMessage")).contains("delivery lifetime 8 s").contains("450 4.3.0");
        assertThat(failed.getInt("attempts")).isGreaterThanOrEqualTo(3);
        assertThat(attempts(failed)).hasSize(failed.getInt("attempts"))
                .allSatisfy(a -> assertThat(a.getString("result")).isEqualTo("temporary_failure"));
        assertThat(failed.isNull("nextAttemptAt")).isTrue();
    }

    @Test
    void a_5xx_to_rcpt_fails_the_send_suppresses_the_address_and_later_sends_to_it_are_skipped() throws Exception {
        relayWith("-f", "rcpt");
        String recipient = Api.newRecipient();
        String first = send(recipient);

        JsonObject failed = api.awaitFinal(first, WAIT);
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(text(failed, "failureMessage")).startsWith("500 5.3.0");
        assertThat(failed.getInt("attempts")).isEqualTo(1);

        Api.Reply suppression = api.get("/api/v1/suppressions/" + recipient);
        assertThat(suppression.status()).as(suppression.toString()).isEqualTo(200);
        assertThat(suppression.json().getString("reason")).isEqualTo("hard_bounce");
        assertThat(suppression.json().getString("emailId")).isEqualTo(first);

        SmtpServer.routeToGreenMail();
        String second = send(recipient);
        JsonObject skipped = api.awaitFinal(second, WAIT);

        assertThat(skipped.getString("status")).isEqualTo("skipped");
        assertThat(text(skipped, "failureMessage")).contains("suppress");
        assertThat(skipped.getInt("attempts")).isZero();
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

        JsonObject deferred = awaitDeferred(id);
        assertThat(text(deferred, "lastReply")).startsWith("421");

        SmtpServer.routeToGreenMail();
        assertThat(api.awaitFinal(id, WAIT).getString("status")).isEqualTo("sent");
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
        assertThat(api.awaitFinal(id, WAIT).getString("status")).isEqualTo("sent");
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
        JsonObject body = Json.createObjectBuilder().add("templateId", templateId)
                .add("to", Json.createObjectBuilder().add("email", to))
                .add("cc", Json.createArrayBuilder().add(cc).add(otherCc)).add("bcc", bcc)
                .add("data", Json.createObjectBuilder().add("code", "731904")).build();
        Api.Reply reply = api.sendEmail(Api.newIdempotencyKey(), body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().getString("id");
    }

    /** The RCPT TO arguments of each message smtp-sink took, one list per message. */
    private static List<String> recipientsReceived(Path dumps) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> received;
        do {
            try (Stream<Path> files = Files.list(dumps)) {
                received = files.map(file -> {
                    try {
                        return Files.readAllLines(file).stream().filter(l -> l.startsWith("X-Rcpt-Args:")).toList()
                                .toString();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
            }
            if (!received.isEmpty()) {
                return received;
            }
            Api.sleep(25);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("smtp-sink received nothing");
    }

    private static List<String> recipientsOf(JsonObject attempt) {
        return attempt.getJsonArray("recipients").getValuesAs(JsonObject.class).stream()
                .map(r -> r.getString("kind") + " " + r.getString("email", "-") + " " + r.getString("result") + " "
                        + r.getString("reply").substring(0, 9))
                .toList();
    }

    @Test
    void a_cc_refused_at_rcpt_is_suppressed_and_the_others_still_get_the_message(@TempDir Path dumps)
            throws Exception {
        String to = Api.newRecipient();
        String refused = Api.newRecipient();
        String cc = Api.newRecipient();
        String bcc = Api.newRecipient();
        relayRefusingOnly(refused, dumps);

        String id = sendWithCopies(to, refused, cc, bcc);
        JsonObject sent = api.awaitFinal(id, WAIT);

        assertThat(sent.getString("status")).isEqualTo("sent");
        assertThat(sent.getInt("attempts")).isEqualTo(1);
        assertThat(recipientsOf(attempts(sent).get(0))).containsExactly(
                "to " + to + " accepted 250 2.0.0",
                "cc " + refused + " permanent_failure 550 5.1.1",
                "cc " + cc + " accepted 250 2.0.0",
                "bcc - accepted 250 2.0.0");
        assertThat(attempts(sent).get(0).getJsonArray("recipients").getJsonObject(1).getString("reply"))
                .isEqualTo(String.format(RecipientRefusal.REPLY, refused));
        assertThat(recipientsReceived(dumps)).singleElement().satisfies(rcpts -> assertThat(rcpts)
                .contains(to, cc, bcc).doesNotContain(refused));

        Api.Reply suppression = api.get("/api/v1/suppressions/" + refused);
        assertThat(suppression.status()).as(suppression.toString()).isEqualTo(200);
        assertThat(suppression.json().getString("reason")).isEqualTo("hard_bounce");
        assertThat(suppression.json().getString("detail")).startsWith("550 5.1.1");
        assertThat(suppression.json().getString("emailId")).isEqualTo(id);
        for (String other : List.of(to, cc, bcc)) {
            assertThat(api.get("/api/v1/suppressions/" + other).status()).as(other).isEqualTo(404);
        }

        // The next send with that cc leaves it out.
        SmtpServer.routeToGreenMail();
        String to2 = Api.newRecipient();
        JsonObject next = api.awaitFinal(sendWithCopies(to2, refused.toUpperCase(java.util.Locale.ROOT), cc, bcc),
                WAIT);
        assertThat(next.getString("status")).isEqualTo("sent");
        assertThat(next.getJsonArray("withheldRecipients").getValuesAs(JsonObject.class))
                .extracting(w -> w.getString("kind") + " " + w.getString("suppressionReason"))
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
        JsonObject failed = api.awaitFinal(id, WAIT);

        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(text(failed, "failureMessage")).startsWith("550 5.1.1").endsWith("(delivered to the other recipients)");
        assertThat(recipientsOf(attempts(failed).get(0))).containsExactly(
                "to " + to + " permanent_failure 550 5.1.1",
                "cc " + cc + " accepted 250 2.0.0",
                "cc " + otherCc + " accepted 250 2.0.0",
                "bcc - accepted 250 2.0.0");
        assertThat(recipientsReceived(dumps)).singleElement().satisfies(rcpts -> assertThat(rcpts)
                .contains(cc, otherCc, bcc).doesNotContain(to));
        assertThat(api.get("/api/v1/suppressions/" + to).json().getString("reason")).isEqualTo("hard_bounce");
    }
}
