package io.segmentflow.application.port.out;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import java.util.List;
import java.util.Set;

/** Hands a rendered message to the outside world (an SMTP relay, or a capture folder). */
public interface MailRelay {
    record OutgoingEmail(String messageId, Mailbox from, Mailbox to, List<EmailAddress> cc, List<EmailAddress> bcc,
                         EmailAddress replyTo, String subject, String html, String text) {
    }

    /** What became of one delivery attempt. */
    sealed interface Outcome {
        String reply();
    }

    /** The relay took responsibility for the message. */
    record Accepted(String reply) implements Outcome {
    }

    /** Worth another try later: a 4xx reply, a refused or dropped connection, a time-out. */
    record TransientFailure(String reply) implements Outcome {
    }

    /**
     * Will never succeed as sent: a 5xx reply.
     *
     * @param bounced the recipients the relay refused for good as addresses (a hard bounce: no such mailbox),
     *                as opposed to refusing this message (content, policy)
     */
    record PermanentFailure(String reply, Set<EmailAddress> bounced) implements Outcome {
        public PermanentFailure {
            bounced = Set.copyOf(bounced);
        }

        public PermanentFailure(String reply) {
            this(reply, Set.of());
        }
    }

    Outcome deliver(OutgoingEmail email);
}
