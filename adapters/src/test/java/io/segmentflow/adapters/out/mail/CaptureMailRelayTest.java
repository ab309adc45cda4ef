package io.segmentflow.adapters.out.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.port.out.MailRelay.Accepted;
import io.segmentflow.application.port.out.MailRelay.Outcome;
import io.segmentflow.application.port.out.MailRelay.OutgoingEmail;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureMailRelayTest {
    @TempDir
    Path temp;

    @Test
    void writesAParseableEmlNamedAfterTheMessageId() throws Exception {
        Path folder = temp.resolve("capture/nested");
        CaptureMailRelay relay = new CaptureMailRelay(folder);
        OutgoingEmail email = new OutgoingEmail(
                "<send-1@acme.test>",
                new Mailbox(EmailAddress.of("billing@acme.test"), "Acme Billing"),
                new Mailbox(EmailAddress.of("ann@example.test"), "Ann Ö"),
                List.of(EmailAddress.of("carl@example.test")),
                List.of(EmailAddress.of("bea@example.test")),
                EmailAddress.of("help@acme.test"),
                "Your receipt",
                "<p>Thanks</p>",
                "Thanks");

        Outcome outcome = relay.deliver(email);

        assertThat(outcome).isEqualTo(new Accepted("captured to send-1_acme.test.eml"));
        assertThat(filesIn(folder)).containsExactly("send-1_acme.test.eml");
        MimeMessage captured = read(folder.resolve("send-1_acme.test.eml"));
        assertThat(captured.getMessageID()).isEqualTo("<send-1@acme.test>");
        assertThat(captured.getSubject()).isEqualTo("Your receipt");
        assertThat(((InternetAddress) captured.getFrom()[0]).getPersonal()).isEqualTo("Acme Billing");
        assertThat(((InternetAddress) captured.getRecipients(RecipientType.TO)[0]).getPersonal())
                .isEqualTo("Ann Ö");
        assertThat(captured.getRecipients(RecipientType.CC))
                .extracting(Object::toString)
                .containsExactly("carl@example.test");
        assertThat(captured.getHeader("Bcc")).isNull();
        assertThat(InternetAddress.parseHeader(captured.getHeader(CaptureMailRelay.ENVELOPE_TO_HEADER, ","), true))
                .extracting(InternetAddress::getAddress)
                .containsExactly("ann@example.test", "carl@example.test", "bea@example.test");
        assertThat(((MimeMultipart) captured.getContent()).getCount()).isEqualTo(2);
    }

    @Test
    void aHostileMessageIdCannotLeaveTheFolder() throws Exception {
        CaptureMailRelay relay = new CaptureMailRelay(temp);

        Outcome outcome = relay.deliver(email("<../../etc/passwd@x.test>"));

        assertThat(outcome).isEqualTo(new Accepted("captured to message.._.._etc_passwd_x.test.eml"));
        assertThat(filesIn(temp)).containsExactly("message.._.._etc_passwd_x.test.eml");
    }

    @Test
    void aRetryOfTheSameSendReplacesItsFile() throws Exception {
        CaptureMailRelay relay = new CaptureMailRelay(temp);

        relay.deliver(email("<same@acme.test>"));
        relay.deliver(email("<same@acme.test>"));

        assertThat(filesIn(temp)).containsExactly("same_acme.test.eml");
    }

    private static OutgoingEmail email(String messageId) {
        return new OutgoingEmail(
                messageId,
                Mailbox.of(EmailAddress.of("a@acme.test")),
                Mailbox.of(EmailAddress.of("b@example.test")),
                List.of(),
                List.of(),
                null,
                "Hi",
                "<p>Hi</p>",
                null);
    }

    private static MimeMessage read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    private static List<String> filesIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
