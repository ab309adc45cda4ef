package io.segmentflow.adapters.out.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.segmentflow.application.port.out.MailRelay.Accepted;
import io.segmentflow.application.port.out.MailRelay.Outcome;
import io.segmentflow.application.port.out.MailRelay.OutgoingEmail;
import io.segmentflow.application.port.out.MailRelay.PermanentFailure;
import io.segmentflow.application.port.out.MailRelay.TransientFailure;
import io.segmentflow.domain.email.DeliveryAttempt.Result;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.RecipientRefusal;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpMailRelayTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final List<SmtpMailRelay> relays = new ArrayList<>();

    @AfterEach
    void closeRelays() {
        relays.forEach(SmtpMailRelay::close);
    }

    @Test
    void deliversHeadersBothPartsAndBccOnlyInTheEnvelope() throws Exception {
        OutgoingEmail email = new OutgoingEmail(
                "<send-1@acme.test>",
                new Mailbox(EmailAddress.of("billing@acme.test"), "Acme Billing Zoë"),
                new Mailbox(EmailAddress.of("ann@example.test"), "Ann"),
                List.of(EmailAddress.of("carl@example.test")),
                List.of(EmailAddress.of("bea@example.test")),
                EmailAddress.of("help@acme.test"),
                "Your receipt – ünïcode",
                "<p>Thanks, Ann</p>",
                "Thanks, Ann");

        Outcome outcome = relay(greenMailPort()).deliver(email);

        assertThat(outcome).isInstanceOf(Accepted.class);
        assertThat(outcome.reply()).startsWith("250");
        MimeMessage received = inbox("ann@example.test").get(0);
        assertThat(received.getSubject()).isEqualTo("Your receipt – ünïcode");
        assertThat(received.getMessageID()).isEqualTo("<send-1@acme.test>");
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("billing@acme.test");
        assertThat(from.getPersonal()).isEqualTo("Acme Billing Zoë");
        assertThat(received.getRecipients(RecipientType.CC))
                .extracting(Object::toString)
                .containsExactly("carl@example.test");
        assertThat(received.getReplyTo()).extracting(Object::toString).containsExactly("help@acme.test");
        assertThat(received.getHeader("Bcc")).isNull();
        assertThat(received.getSentDate()).isNotNull();
        assertThat(headerNames(received)).doesNotContain("bcc");

        assertThat(received.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType())
                .startsWith("text/plain")
                .containsIgnoringCase("utf-8");
        assertThat(parts.getBodyPart(0).getContent()).asString().contains("Thanks, Ann");
        assertThat(parts.getBodyPart(1).getContentType())
                .startsWith("text/html")
                .containsIgnoringCase("utf-8");
        assertThat(parts.getBodyPart(1).getContent()).asString().contains("<p>Thanks, Ann</p>");

        assertThat(inbox("carl@example.test")).hasSize(1);
        List<MimeMessage> bcc = inbox("bea@example.test");
        assertThat(bcc).hasSize(1);
        assertThat(bcc.get(0).getMessageID()).isEqualTo("<send-1@acme.test>");
        assertThat(headerNames(bcc.get(0))).doesNotContain("bcc");
    }

    @Test
    void lineBreaksInTheSubjectCannotAddAHeader() throws Exception {
        Outcome outcome = relay(greenMailPort())
                .deliver(email("<send-2@acme.test>", "Hello\r\nBcc: evil@attacker.test\nX-Injected: yes"));

        assertThat(outcome).isInstanceOf(Accepted.class);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        MimeMessage received = inbox("ann@example.test").get(0);
        assertThat(headerNames(received)).doesNotContain("bcc", "x-injected");
        assertThat(received.getSubject()).doesNotContain("\r", "\n").contains("X-Injected: yes");
    }

    @Test
    void lineBreaksInADisplayNameStayInsideTheFromHeader() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(MimeMessageFactory.address(EmailAddress.of("a@acme.test"), "Evil\r\nBcc: x@attacker.test"));
        message.setText("body");
        message.saveChanges();

        assertThat(headerNames(message)).doesNotContain("bcc");
        assertThat(message.getHeader("From")[0]).doesNotContain("\r", "\n");
    }

    @Test
    void reportsTheServersReplyAndReusesOneConnection() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(line -> null)) {
            SmtpMailRelay relay = relay(server.port());

            List<Outcome> outcomes = List.of(
                    relay.deliver(email("<a@acme.test>", "one")),
                    relay.deliver(email("<b@acme.test>", "two")),
                    relay.deliver(email("<c@acme.test>", "three")));

            assertThat(outcomes)
                    .extracting(Outcome::reply)
                    .containsExactly("250 2.0.0 queued as Q1", "250 2.0.0 queued as Q2", "250 2.0.0 queued as Q3");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void workerThreadsShareAtMostMaxConnections() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(line -> null)) {
            SmtpMailRelay relay = relay(settings(server.port(), Duration.ofSeconds(2), 2));
            ExecutorService workers = Executors.newFixedThreadPool(4);
            try {
                List<Future<Outcome>> results = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String id = "<m" + i + "@acme.test>";
                    results.add(workers.submit(() -> relay.deliver(email(id, "hello"))));
                }
                for (Future<Outcome> result : results) {
                    assertThat(result.get()).isInstanceOf(Accepted.class);
                }
            } finally {
                workers.shutdownNow();
            }
            assertThat(server.messages()).isEqualTo(40);
            assertThat(server.connections()).isBetween(1, 2);
        }
    }

    @Test
    void aRecipientRefusedAtRcptIsReportedWithItsReplyAndTheOthersStillGetTheMessage() throws Exception {
        try (FakeSmtpServer server =
                new FakeSmtpServer(line -> line.contains("<gone@example.test>") ? "550 5.1.1 no such user" : null)) {
            SmtpMailRelay relay = relay(server.port());

            Outcome partly = relay.deliver(email("<a@acme.test>", "x", "gone@example.test"));
            Outcome next = relay.deliver(email("<b@acme.test>", "x"));

            assertThat(partly)
                    .isEqualTo(new Accepted(
                            "250 2.0.0 queued as Q1",
                            List.of(new RecipientRefusal(
                                    EmailAddress.of("gone@example.test"),
                                    Result.PERMANENT_FAILURE,
                                    "550 5.1.1 no such user")),
                            Set.of(EmailAddress.of("gone@example.test"))));
            assertThat(next).isInstanceOf(Accepted.class);
            assertThat(server.messages()).isEqualTo(2);
            assertThat(server.connections())
                    .as("a partial delivery ends the transaction normally")
                    .isEqualTo(1);
        }
    }

    @Test
    void theToRecipientRefusedWhileACopyIsTakenIsARefusalOfAnAcceptedMessage() throws Exception {
        try (FakeSmtpServer server =
                new FakeSmtpServer(line -> line.contains("<ann@example.test>") ? "550 5.1.1 no such user" : null)) {
            Outcome outcome = relay(server.port()).deliver(email("<a@acme.test>", "x", "bea@example.test"));

            assertThat(outcome)
                    .isEqualTo(new Accepted(
                            "250 2.0.0 queued as Q1",
                            List.of(new RecipientRefusal(
                                    EmailAddress.of("ann@example.test"),
                                    Result.PERMANENT_FAILURE,
                                    "550 5.1.1 no such user")),
                            Set.of(EmailAddress.of("ann@example.test"))));
        }
    }

    @Test
    void aDeferredRecipientIsTransient() throws Exception {
        try (FakeSmtpServer server =
                new FakeSmtpServer(line -> line.startsWith("RCPT") ? "451 4.3.0 try later" : null)) {
            assertThat(relay(server.port()).deliver(email("<a@acme.test>", "x")))
                    .isEqualTo(new TransientFailure(
                            "451 4.3.0 try later",
                            List.of(new RecipientRefusal(
                                    EmailAddress.of("ann@example.test"),
                                    Result.TEMPORARY_FAILURE,
                                    "451 4.3.0 try later"))));
        }
    }

    @Test
    void eachRefusedRecipientGetsItsOwnReplyAndOnlyThoseRefusedForGoodBounce() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(line -> line.contains("<gone@example.test>")
                ? "550 5.1.1 no such user"
                : line.contains("<busy@example.test>")
                        ? "452 4.2.2 mailbox full"
                        : line.contains("<policy@example.test>") ? "550 5.7.1 relaying denied" : null)) {
            Outcome outcome = relay(server.port())
                    .deliver(email(
                            "<a@acme.test>", "x", "busy@example.test", "gone@example.test", "policy@example.test"));

            assertThat(outcome)
                    .isEqualTo(new Accepted(
                            "250 2.0.0 queued as Q1",
                            List.of(
                                    new RecipientRefusal(
                                            EmailAddress.of("busy@example.test"),
                                            Result.TEMPORARY_FAILURE,
                                            "452 4.2.2 mailbox full"),
                                    new RecipientRefusal(
                                            EmailAddress.of("gone@example.test"),
                                            Result.PERMANENT_FAILURE,
                                            "550 5.1.1 no such user"),
                                    new RecipientRefusal(
                                            EmailAddress.of("policy@example.test"),
                                            Result.PERMANENT_FAILURE,
                                            "550 5.7.1 relaying denied")),
                            Set.of(EmailAddress.of("gone@example.test"))));
        }
    }

    @Test
    void everyRecipientRefusedIsAFailureOfTheMessageWithEachRefusal() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(line -> line.contains("<gone@example.test>")
                ? "550 5.1.1 no such user"
                : line.startsWith("RCPT") ? "452 4.2.2 mailbox full" : null)) {
            Outcome outcome = relay(server.port()).deliver(email("<a@acme.test>", "x", "gone@example.test"));

            assertThat(outcome)
                    .isEqualTo(new PermanentFailure(
                            "550 5.1.1 no such user",
                            Set.of(EmailAddress.of("gone@example.test")),
                            List.of(
                                    new RecipientRefusal(
                                            EmailAddress.of("ann@example.test"),
                                            Result.TEMPORARY_FAILURE,
                                            "452 4.2.2 mailbox full"),
                                    new RecipientRefusal(
                                            EmailAddress.of("gone@example.test"),
                                            Result.PERMANENT_FAILURE,
                                            "550 5.1.1 no such user"))));
            assertThat(server.messages()).isZero();
        }
    }

    @Test
    void aRecipientRefusedForPolicyIsPermanentButNoBounce() throws Exception {
        try (FakeSmtpServer server =
                new FakeSmtpServer(line -> line.startsWith("RCPT") ? "550 5.7.1 sender blocked by policy" : null)) {
            Outcome outcome = relay(server.port()).deliver(email("<a@acme.test>", "x"));

            assertThat(outcome).isInstanceOf(PermanentFailure.class);
            assertThat(outcome.reply()).isEqualTo("550 5.7.1 sender blocked by policy");
            assertThat(outcome.bounced()).isEmpty();
        }
    }

    @Test
    void aRecipientRefusedWithoutAnEnhancedStatusIsABounce() throws Exception {
        try (FakeSmtpServer server =
                new FakeSmtpServer(line -> line.startsWith("RCPT") ? "550 mailbox unavailable" : null)) {
            Outcome outcome = relay(server.port()).deliver(email("<a@acme.test>", "x"));

            assertThat(((PermanentFailure) outcome).bounced()).containsExactly(EmailAddress.of("ann@example.test"));
        }
    }

    @Test
    void anUnknownMailboxReportedAfterDataBouncesTheOnlyRecipient() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(
                line -> line.equals(FakeSmtpServer.END_OF_DATA) ? "550 5.1.1 no such user here" : null)) {
            assertThat(relay(server.port()).deliver(email("<a@acme.test>", "x")))
                    .isEqualTo(new PermanentFailure(
                            "550 5.1.1 no such user here", Set.of(EmailAddress.of("ann@example.test"))));
        }
    }

    @Test
    void aPooledConnectionTheRelayDroppedIsReplacedAtOnceWithoutLosingTheMessage() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(line -> null)) {
            SmtpMailRelay relay = relay(server.port());
            assertThat(relay.deliver(email("<a@acme.test>", "first"))).isInstanceOf(Accepted.class);

            server.dropOpenConnections();
            Outcome second = relay.deliver(email("<b@acme.test>", "second"));

            assertThat(second).isInstanceOf(Accepted.class);
            assertThat(server.messages()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void a421MidSessionDiscardsTheConnectionAndLeavesTheMessageForARetry() throws Exception {
        AtomicBoolean closing = new AtomicBoolean();
        try (FakeSmtpServer server = new FakeSmtpServer(
                line -> closing.get() && line.equals(FakeSmtpServer.END_OF_DATA) ? "421 4.3.2 shutting down" : null)) {
            SmtpMailRelay relay = relay(server.port());
            assertThat(relay.deliver(email("<a@acme.test>", "before"))).isInstanceOf(Accepted.class);

            closing.set(true);
            Outcome during = relay.deliver(email("<b@acme.test>", "during"));
            closing.set(false);
            Outcome after = relay.deliver(email("<c@acme.test>", "after"));

            assertThat(during).isEqualTo(new TransientFailure("421 4.3.2 shutting down"));
            assertThat(after).isInstanceOf(Accepted.class);
            // the first connection, the retry at once after its 421, and a fresh one for "after"
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void aClosingServerOnMailFromIsTransient() throws Exception {
        try (FakeSmtpServer server =
                new FakeSmtpServer(line -> line.startsWith("MAIL FROM") ? "421 4.3.2 shutting down" : null)) {
            assertThat(relay(server.port()).deliver(email("<a@acme.test>", "x")))
                    .isInstanceOf(TransientFailure.class);
        }
    }

    @Test
    void aMessageRefusedAfterDataIsPermanent() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(
                line -> line.equals(FakeSmtpServer.END_OF_DATA) ? "554 5.7.1 message refused as spam" : null)) {
            assertThat(relay(server.port()).deliver(email("<a@acme.test>", "x")))
                    .isEqualTo(new PermanentFailure("554 5.7.1 message refused as spam"));
        }
    }

    @Test
    void aClosedPortIsTransientAndQuick() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();

        Outcome outcome = relay(settings(closedPort, Duration.ofMillis(500), 1)).deliver(email("<a@acme.test>", "x"));

        assertThat(outcome).isInstanceOf(TransientFailure.class);
        assertThat(outcome.reply()).contains("Connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aServerThatNeverAnswersTimesOutAsTransient() throws Exception {
        // The kernel completes the TCP handshake from the backlog; no greeting ever comes.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();

            Outcome outcome = relay(settings(silent.getLocalPort(), Duration.ofMillis(300), 1))
                    .deliver(email("<a@acme.test>", "x"));

            assertThat(outcome).isInstanceOf(TransientFailure.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aServerThatStopsReadingTheMessageTimesOutAsTransient() throws Exception {
        // Far more than the socket buffers hold: the relay's writes block until the write time-out ends them.
        String body = "x".repeat(998).concat("\r\n").repeat(16 * 1024);
        try (FakeSmtpServer server = new FakeSmtpServer(line -> null, true)) {
            SmtpMailRelay relay = relay(settings(server.port(), Duration.ofMillis(300), 1));
            long start = System.nanoTime();

            Outcome outcome = relay.deliver(new OutgoingEmail(
                    "<big@acme.test>",
                    new Mailbox(EmailAddress.of("billing@acme.test"), "Acme Billing"),
                    Mailbox.of(EmailAddress.of("ann@example.test")),
                    List.of(),
                    List.of(),
                    null,
                    "big",
                    null,
                    body));

            assertThat(outcome).isInstanceOf(TransientFailure.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void recoversWhenTheServerComesBack() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        SmtpMailRelay relay = relay(port);
        GreenMail first = new GreenMail(setup);
        first.start();
        try {
            assertThat(relay.deliver(email("<a@acme.test>", "before"))).isInstanceOf(Accepted.class);
        } finally {
            first.stop();
        }

        assertThat(relay.deliver(email("<b@acme.test>", "while down"))).isInstanceOf(TransientFailure.class);

        GreenMail second = new GreenMail(setup);
        second.start();
        try {
            assertThat(relay.deliver(email("<c@acme.test>", "after"))).isInstanceOf(Accepted.class);
            assertThat(second.getReceivedMessages())
                    .extracting(MimeMessage::getSubject)
                    .containsExactly("after");
        } finally {
            second.stop();
        }
    }

    /** Without TCP_NODELAY, Nagle's algorithm and the peer's delayed ACK cost tens of ms a message. */
    @Test
    void theRelaysConnectionsUseTheNoDelaySocketFactory() {
        SmtpMailRelay relay = relay(settings(2525, Duration.ofSeconds(5), 1));

        assertThat(relay.sessionProperties().get("mail.smtp.socketFactory")).isSameAs(NoDelaySocketFactory.INSTANCE);
        assertThat(relay.sessionProperties().getProperty("mail.smtp.socketFactory.fallback"))
                .isEqualTo("false");
    }

    @Test
    void socketsComeWithTcpNoDelay() throws Exception {
        try (Socket socket = NoDelaySocketFactory.INSTANCE.createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void settingsNeverPrintThePassword() {
        SmtpSettings settings = new SmtpSettings(
                "smtp.example.test", 587, "user", "s3cret", true, Duration.ofSeconds(5), Duration.ofSeconds(30), 4, 0);

        assertThat(settings.toString()).doesNotContain("s3cret").contains("user", "587");
    }

    private SmtpMailRelay relay(int port) {
        return relay(settings(port, Duration.ofSeconds(2), 2));
    }

    private SmtpMailRelay relay(SmtpSettings settings) {
        SmtpMailRelay relay = new SmtpMailRelay(settings, Thread::new);
        relays.add(relay);
        return relay;
    }

    private static SmtpSettings settings(int port, Duration timeout, int maxConnections) {
        return new SmtpSettings("127.0.0.1", port, null, null, false, timeout, timeout, maxConnections, 0);
    }

    private static int greenMailPort() {
        return greenMail.getSmtp().getPort();
    }

    private static OutgoingEmail email(String messageId, String subject, String... bcc) {
        return new OutgoingEmail(
                messageId,
                new Mailbox(EmailAddress.of("billing@acme.test"), "Acme Billing"),
                Mailbox.of(EmailAddress.of("ann@example.test")),
                List.of(),
                List.of(bcc).stream().map(EmailAddress::of).toList(),
                null,
                subject,
                "<p>Hi</p>",
                "Hi");
    }

    private static List<MimeMessage> inbox(String address) {
        return greenMail
                .findReceivedMessages(user -> user.getEmail().equals(address), message -> true)
                .toList();
    }

    /** Header names as written on the wire, lower case: what a receiving MTA would see. */
    private static List<String> headerNames(MimeMessage message) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        String text = raw.toString(StandardCharsets.UTF_8);
        String headers = text.substring(0, text.indexOf("\r\n\r\n"));
        return headers.lines()
                .filter(line -> !line.isEmpty() && !Character.isWhitespace(line.charAt(0)))
                .map(line -> line.substring(0, Math.max(line.indexOf(':'), 0)).toLowerCase(Locale.ROOT))
                .toList();
    }
}
