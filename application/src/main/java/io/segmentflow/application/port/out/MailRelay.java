package io.segmentflow.application.port.out;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.RecipientRefusal;
import java.security.PrivateKey;
import java.util.List;
import java.util.Set;

/** Hands a rendered message to the outside world (an SMTP relay, or a capture folder). */
public interface MailRelay {
    /**
     * A message to deliver.
     *
     * @param listUnsubscribe the recipient's one-click unsubscribe URL (List-Unsubscribe, RFC 8058), or null
     * @param signing the key to DKIM-sign the message with, or null to send it unsigned
     */
    record OutgoingEmail(
            String messageId,
            Mailbox from,
            Mailbox to,
            List<EmailAddress> cc,
            List<EmailAddress> bcc,
            EmailAddress replyTo,
            String subject,
            String html,
            String text,
            String listUnsubscribe,
            DkimKey signing) {
        /** An unsigned message. */
        public OutgoingEmail(
                String messageId,
                Mailbox from,
                Mailbox to,
                List<EmailAddress> cc,
                List<EmailAddress> bcc,
                EmailAddress replyTo,
                String subject,
                String html,
                String text,
                String listUnsubscribe) {
            this(messageId, from, to, cc, bcc, replyTo, subject, html, text, listUnsubscribe, null);
        }

        /** A message with no unsubscribe link (one sent under no subscription group). */
        public OutgoingEmail(
                String messageId,
                Mailbox from,
                Mailbox to,
                List<EmailAddress> cc,
                List<EmailAddress> bcc,
                EmailAddress replyTo,
                String subject,
                String html,
                String text) {
            this(messageId, from, to, cc, bcc, replyTo, subject, html, text, null, null);
        }
    }

    /**
     * A sender domain's DKIM key: the message is signed rsa-sha256, relaxed/relaxed, as {@code d=domain; s=selector}.
     */
    record DkimKey(String domain, String selector, PrivateKey privateKey) {
        @Override
        public String toString() {
            return "DkimKey[" + domain + ", " + selector + "]";
        }
    }

    /**
     * What became of one delivery attempt.
     *
     * <p>{@link #refusals()} are the recipients the relay refused one by one at RCPT TO; {@link #bounced()} the
     * recipients it refused for good as addresses (a hard bounce: no such mailbox), as opposed to refusing this
     * message or us (content, policy).
     */
    sealed interface Outcome {
        String reply();

        List<RecipientRefusal> refusals();

        Set<EmailAddress> bounced();
    }

    /**
     * The relay took responsibility for the message, for every recipient but those it refused at RCPT TO.
     *
     * @param reply the reply to the message (after DATA)
     */
    record Accepted(String reply, List<RecipientRefusal> refusals, Set<EmailAddress> bounced) implements Outcome {
        public Accepted {
            refusals = List.copyOf(refusals);
            bounced = Set.copyOf(bounced);
        }

        public Accepted(String reply) {
            this(reply, List.of(), Set.of());
        }
    }

    /** Worth another try later: a 4xx reply, a refused or dropped connection, a time-out. Nobody got the message. */
    record TransientFailure(String reply, List<RecipientRefusal> refusals) implements Outcome {
        public TransientFailure {
            refusals = List.copyOf(refusals);
        }

        public TransientFailure(String reply) {
            this(reply, List.of());
        }

        @Override
        public Set<EmailAddress> bounced() {
            return Set.of();
        }
    }

    /** Will never succeed as sent: a 5xx reply. Nobody got the message. */
    record PermanentFailure(String reply, Set<EmailAddress> bounced, List<RecipientRefusal> refusals)
            implements Outcome {
        public PermanentFailure {
            bounced = Set.copyOf(bounced);
            refusals = List.copyOf(refusals);
        }

        public PermanentFailure(String reply, Set<EmailAddress> bounced) {
            this(reply, bounced, List.of());
        }

        public PermanentFailure(String reply) {
            this(reply, Set.of());
        }
    }

    Outcome deliver(OutgoingEmail email);
}
