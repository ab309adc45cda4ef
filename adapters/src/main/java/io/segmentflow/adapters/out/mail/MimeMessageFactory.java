package io.segmentflow.adapters.out.mail;

import io.segmentflow.application.port.out.MailRelay.OutgoingEmail;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.shared.HeaderText;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the MIME message for an {@link OutgoingEmail}. Bcc recipients are envelope-only: they never appear
 * in a header. Every header value built from caller text has its control characters replaced, even though
 * the domain already refuses them, because a line break there would start a header of its own.
 */
final class MimeMessageFactory {
    private static final String UTF_8 = "UTF-8";

    private final Session session;

    MimeMessageFactory(Session session) {
        this.session = session;
    }

    MimeMessage create(OutgoingEmail email) throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, messageId(email.messageId()));
        message.setFrom(address(email.from()));
        message.setRecipient(RecipientType.TO, address(email.to()));
        List<EmailAddress> cc = nullToEmpty(email.cc());
        if (!cc.isEmpty()) {
            message.setRecipients(
                    RecipientType.CC, cc.stream().map(a -> address(a, null)).toArray(InternetAddress[]::new));
        }
        if (email.replyTo() != null) {
            message.setReplyTo(new InternetAddress[] {address(email.replyTo(), null)});
        }
        message.setSubject(email.subject() == null ? null : HeaderText.flatten(email.subject()), UTF_8);
        message.setSentDate(new Date());
        setBody(message, email.text(), email.html());
        message.saveChanges();
        return message;
    }

    /** To, Cc and Bcc without repeats: who the relay is asked to deliver to. */
    static InternetAddress[] envelopeRecipients(OutgoingEmail email) {
        Set<EmailAddress> addresses = new LinkedHashSet<>();
        addresses.add(email.to().address());
        addresses.addAll(nullToEmpty(email.cc()));
        addresses.addAll(nullToEmpty(email.bcc()));
        return addresses.stream().map(a -> address(a, null)).toArray(InternetAddress[]::new);
    }

    /**
     * The three-argument constructor encodes a non-ASCII display name as an RFC 2047 word and quotes the
     * rest, but it would keep a CR or LF inside the quotes: hence {@link HeaderText#flatten}.
     */
    static InternetAddress address(EmailAddress address, String displayName) {
        try {
            return new InternetAddress(
                    address.value(), displayName == null ? null : HeaderText.flatten(displayName), UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    private static InternetAddress address(Mailbox mailbox) {
        return address(mailbox.address(), mailbox.displayName());
    }

    /** Both parts when there is a text version (the HTML last, as the preferred one); otherwise one part. */
    private static void setBody(MimeMessage message, String text, String html) throws MessagingException {
        if (html != null && text != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(part(text, "plain"));
            alternative.addBodyPart(part(html, "html"));
            message.setContent(alternative);
        } else if (html != null) {
            message.setText(html, UTF_8, "html");
        } else {
            message.setText(text == null ? "" : text, UTF_8, "plain");
        }
    }

    private static MimeBodyPart part(String content, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(content, UTF_8, subtype);
        return part;
    }

    private static String messageId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("messageId must not be blank");
        }
        String clean = HeaderText.flatten(id).replace(" ", "");
        return clean.startsWith("<") && clean.endsWith(">") ? clean : "<" + clean + ">";
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /**
     * Keeps the send's own Message-ID: stable across retries, so a receiver can drop a duplicate. A plain
     * MimeMessage would replace it with a fresh one on every {@code saveChanges()}.
     */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
