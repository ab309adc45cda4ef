package io.segmentflow.adapters.out.mail;

import io.segmentflow.application.port.out.MailRelay.DkimKey;
import io.segmentflow.application.port.out.MailRelay.OutgoingEmail;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.shared.HeaderText;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.exceptions.FailException;

/**
 * Builds the MIME message for an {@link OutgoingEmail}. Bcc recipients are envelope-only: they never appear
 * in a header. Every header value built from caller text has its control characters replaced, even though
 * the domain already refuses them, because a line break there would start a header of its own.
 *
 * <p>The headers are Jakarta Mail's (address and subject encoding, the date); the body, one text part or a
 * {@code multipart/alternative} of two, is encoded here once, as bytes the message writes after its headers
 * ({@link PreparedMessage}). Jakarta Mail's own body parts look up their stream provider with a
 * {@code ServiceLoader} in each constructor and each write (jakartaee/mail-api#699, #861), and their content through
 * the activation framework's handlers; on the server's class loaders that was a fifth of a delivery's time.
 */
final class MimeMessageFactory {
    private static final String UTF_8 = "UTF-8";

    private final Session session;

    MimeMessageFactory(Session session) {
        this.session = session;
    }

    MimeMessage create(OutgoingEmail email) throws MessagingException {
        PreparedMessage message = new PreparedMessage(session, messageId(email.messageId()));
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
        if (email.listUnsubscribe() != null) {
            // RFC 8058 one-click: a receiver POSTs "List-Unsubscribe=One-Click" to the URL, with no cookie or login.
            message.setHeader("List-Unsubscribe", "<" + unsubscribeUrl(email.listUnsubscribe()) + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        message.setBody(email.text(), email.html());
        if (email.signing() != null) {
            message.sign(email.signing());
        }
        return message;
    }

    /** The link goes into a header between angle brackets: nothing that could end it or start another header. */
    static String unsubscribeUrl(String url) {
        if (HeaderText.hasControlCharacters(url) || url.contains("<") || url.contains(">") || url.contains(" ")) {
            throw new IllegalArgumentException("an unsubscribe URL holds no control characters, spaces or brackets");
        }
        return url;
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
     * A message whose body is encoded once, when it is built, and written after the headers as it is: both parts
     * when there is a text version (the HTML last, as the preferred one), otherwise one part.
     *
     * <p>It keeps the send's own Message-ID: stable across retries, so a receiver can drop a duplicate. (A plain
     * MimeMessage would replace it with a fresh one on every {@code saveChanges()}, which this one never needs.)
     */
    static final class PreparedMessage extends MimeMessage {
        private static final byte[] CRLF = {'\r', '\n'};
        /** What may stand unencoded on a line of a 7bit body (RFC 5322: at most 998 octets before the CRLF). */
        private static final int MAX_LINE = 998;

        private byte[] body = new byte[0];

        PreparedMessage(Session session, String messageId) throws MessagingException {
            super(session);
            setHeader("Message-ID", messageId);
            setHeader("MIME-Version", "1.0");
        }

        void setBody(String text, String html) throws MessagingException {
            StringBuilder out =
                    new StringBuilder(64 + (text == null ? 0 : text.length()) + (html == null ? 0 : html.length()));
            if (html != null && text != null) {
                String boundary = boundaryFor(text, html);
                setHeader("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
                for (String[] part : new String[][] {{text, "plain"}, {html, "html"}}) {
                    out.append("--").append(boundary).append("\r\n");
                    Encoded encoded = Encoded.of(part[0]);
                    out.append("Content-Type: text/")
                            .append(part[1])
                            .append("; charset=UTF-8\r\nContent-Transfer-Encoding: ")
                            .append(encoded.name())
                            .append("\r\n\r\n")
                            .append(encoded.body())
                            .append("\r\n");
                }
                out.append("--").append(boundary).append("--\r\n");
            } else {
                Encoded encoded = Encoded.of(html != null ? html : text == null ? "" : text);
                setHeader("Content-Type", "text/" + (html != null ? "html" : "plain") + "; charset=UTF-8");
                setHeader("Content-Transfer-Encoding", encoded.name());
                out.append(encoded.body());
            }
            body = out.toString().getBytes(StandardCharsets.US_ASCII);
        }

        /** A boundary that appears in neither part (RFC 2046 5.1.1); random, so it almost never takes a second try. */
        private static String boundaryFor(String text, String html) {
            while (true) {
                String boundary =
                        "=_sf_" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                                + Long.toHexString(ThreadLocalRandom.current().nextLong());
                if (!text.contains(boundary) && !html.contains(boundary)) {
                    return boundary;
                }
            }
        }

        /** A part's body as it travels: 7bit when it is plain ASCII in short lines, base64 of its UTF-8 otherwise. */
        private record Encoded(String name, String body) {
            static Encoded of(String content) {
                if (sevenBit(content)) {
                    return new Encoded("7bit", content);
                }
                return new Encoded(
                        "base64",
                        Base64.getMimeEncoder(76, CRLF).encodeToString(content.getBytes(StandardCharsets.UTF_8)));
            }

            private static boolean sevenBit(String content) {
                int line = 0;
                for (int i = 0; i < content.length(); i++) {
                    char c = content.charAt(i);
                    if (c == '\n') {
                        line = 0;
                    } else if (c >= 0x80 || c == 0 || c == '\r' && !nextIsLineFeed(content, i) || ++line > MAX_LINE) {
                        return false;
                    }
                }
                return true;
            }

            private static boolean nextIsLineFeed(String content, int i) {
                return i + 1 < content.length() && content.charAt(i + 1) == '\n';
            }
        }

        /**
         * The headers a DKIM signature covers, those the message has: who it is from and to, what it is, and how its
         * body reads, so that none of them can be changed or added on the way without breaking the signature.
         */
        private static final List<String> SIGNED_HEADERS = List.of(
                "From",
                "To",
                "Cc",
                "Reply-To",
                "Subject",
                "Date",
                "Message-ID",
                "List-Unsubscribe",
                "List-Unsubscribe-Post",
                "MIME-Version",
                "Content-Type",
                "Content-Transfer-Encoding");

        /**
         * Adds a DKIM-Signature (RFC 6376: rsa-sha256, relaxed/relaxed) made by Apache jDKIM over the message as it is
         * written, so it must be the last change to the message.
         */
        void sign(DkimKey key) throws MessagingException {
            List<String> signed = new ArrayList<>();
            for (String name : SIGNED_HEADERS) {
                if (getHeader(name) != null) {
                    signed.add(name.toLowerCase(Locale.ROOT));
                }
            }
            String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + key.domain() + "; s=" + key.selector()
                    + "; h=" + String.join(":", signed) + "; bh=; b=;";
            ByteArrayOutputStream written = new ByteArrayOutputStream(body.length + 2048);
            try {
                writeTo(written, null);
                String signature = new DKIMSigner(template, key.privateKey())
                        .sign(new ByteArrayInputStream(written.toByteArray()));
                addHeaderLine(signature.endsWith("\r\n") ? signature.substring(0, signature.length() - 2) : signature);
            } catch (IOException | FailException e) {
                throw new MessagingException("DKIM signing failed: " + e.getMessage(), e);
            }
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            // The Message-ID set when the message was built stays.
        }

        @Override
        public int getSize() {
            return body.length;
        }

        /** The headers (but those in {@code ignoreList}: the transport leaves out Bcc), a blank line, the body. */
        @Override
        public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
            Enumeration<String> lines = getNonMatchingHeaderLines(ignoreList);
            while (lines.hasMoreElements()) {
                os.write(lines.nextElement().getBytes(StandardCharsets.UTF_8));
                os.write(CRLF);
            }
            os.write(CRLF);
            os.write(body);
            os.flush();
        }
    }
}
