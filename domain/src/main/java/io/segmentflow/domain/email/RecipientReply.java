package io.segmentflow.domain.email;

import java.util.Objects;

/**
 * What became of one recipient in a delivery attempt: its refusal at RCPT TO, or else what the relay answered for
 * the message as a whole (a 250 after DATA, a 5xx to the content, a dropped connection).
 */
public record RecipientReply(EmailAddress address, RecipientKind kind, DeliveryAttempt.Result result, String reply) {
    public RecipientReply {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(result, "result");
        reply = EmailSend.clip(reply);
    }
}
