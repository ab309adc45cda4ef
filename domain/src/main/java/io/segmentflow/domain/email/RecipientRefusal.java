package io.segmentflow.domain.email;

import java.util.Objects;

/**
 * The relay refused one recipient at RCPT TO while it may have taken the message for the others.
 *
 * @param result {@link DeliveryAttempt.Result#TEMPORARY_FAILURE} for a 4xx, {@link DeliveryAttempt.Result#PERMANENT_FAILURE}
 *               for a 5xx
 */
public record RecipientRefusal(EmailAddress address, DeliveryAttempt.Result result, String reply) {
    public RecipientRefusal {
        Objects.requireNonNull(address, "address");
        if (result != DeliveryAttempt.Result.TEMPORARY_FAILURE && result != DeliveryAttempt.Result.PERMANENT_FAILURE) {
            throw new IllegalArgumentException("a refusal is a temporary or a permanent failure, not " + result);
        }
        reply = EmailSend.clip(reply);
    }
}
