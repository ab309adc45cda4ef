package io.segmentflow.adapters.out.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.port.out.MailRelay.OutgoingEmail;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The bodies the factory encodes itself, read back by Jakarta Mail's own parser as a receiver would. */
class MimeMessageFactoryTest {
    private final Session session = Session.getInstance(new Properties());
    private final MimeMessageFactory factory = new MimeMessageFactory(session);

    private static OutgoingEmail email(String html, String text) {
        return new OutgoingEmail(
                "send-7@acme.test",
                new Mailbox(EmailAddress.of("billing@acme.test"), "Acme"),
                new Mailbox(EmailAddress.of("ann@example.test"), "Ann"),
                List.of(),
                List.of(EmailAddress.of("bea@example.test")),
                null,
                "Ünïcode subject",
                html,
                text);
    }

    private String raw(OutgoingEmail email) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        factory.create(email).writeTo(out, new String[] {"Bcc"});
        return out.toString(StandardCharsets.US_ASCII);
    }

    private MimeMessage received(OutgoingEmail email) throws Exception {
        return new MimeMessage(session, new ByteArrayInputStream(raw(email).getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aMessageUnderASubscriptionGroupCarriesItsOneClickUnsubscribeHeaders() throws Exception {
        OutgoingEmail plain = email("<p>Hi</p>", null);
        String link = "https://mail.acme.test/unsubscribe/pr_1.sg_2.c2lnbmF0dXJl";
        OutgoingEmail underGroup = new OutgoingEmail(
                plain.messageId(),
                plain.from(),
                plain.to(),
                plain.cc(),
                plain.bcc(),
                plain.replyTo(),
                plain.subject(),
                plain.html(),
                plain.text(),
                link);

        MimeMessage message = received(underGroup);

        assertThat(message.getHeader("List-Unsubscribe")).containsExactly("<" + link + ">");
        assertThat(message.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        assertThat(received(plain).getHeader("List-Unsubscribe")).isNull();
    }

    @Test
    void anUnsubscribeLinkThatCouldBreakTheHeaderIsRefused() {
        for (String bad : List.of("https://x.test/u\r\nBcc: all@x.test", "https://x.test/u>, <mailto:a@x.test")) {
            OutgoingEmail plain = email("<p>Hi</p>", null);
            OutgoingEmail hostile = new OutgoingEmail(
                    plain.messageId(),
                    plain.from(),
                    plain.to(),
                    plain.cc(),
                    plain.bcc(),
                    plain.replyTo(),
                    plain.subject(),
                    plain.html(),
                    plain.text(),
                    bad);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.create(hostile))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void plainAsciiTravelsAs7bitAndAnythingElseAsBase64OfItsUtf8() throws Exception {
        String html = "<p>Grüße, Zoë – 🎉</p>";
        String text = "Thanks, Ann\nSee you.";

        MimeMessage message = received(email(html, text));

        assertThat(message.getMessageID()).isEqualTo("<send-7@acme.test>");
        assertThat(message.getSubject()).isEqualTo("Ünïcode subject");
        assertThat(message.getHeader("MIME-Version", null)).isEqualTo("1.0");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(parts.getBodyPart(0).getHeader("Content-Transfer-Encoding")).containsExactly("7bit");
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo(text);
        assertThat(parts.getBodyPart(1).getContentType()).isEqualTo("text/html; charset=UTF-8");
        assertThat(parts.getBodyPart(1).getHeader("Content-Transfer-Encoding")).containsExactly("base64");
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo(html);
    }

    @Test
    void aLineLongerThanSmtpAllowsAndABareCarriageReturnAreEncoded() throws Exception {
        String longLine = "x".repeat(1200);
        String bareCr = "one\rtwo";

        MimeMultipart parts = (MimeMultipart) received(email(longLine, bareCr)).getContent();

        assertThat(parts.getBodyPart(0).getHeader("Content-Transfer-Encoding")).containsExactly("base64");
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo(bareCr);
        assertThat(parts.getBodyPart(1).getHeader("Content-Transfer-Encoding")).containsExactly("base64");
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo(longLine);
        assertThat(raw(email(longLine, bareCr)).lines())
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
    }

    @Test
    void aBodyWithoutATextVersionIsOnePartAndNoBccHeaderIsWritten() throws Exception {
        MimeMessage message = received(email("<p>Hi</p>", null));

        assertThat(message.getContentType()).isEqualTo("text/html; charset=UTF-8");
        assertThat(message.getContent()).isEqualTo("<p>Hi</p>");
        assertThat(message.getHeader("Bcc")).isNull();
    }
}
