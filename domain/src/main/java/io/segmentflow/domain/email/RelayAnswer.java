package io.segmentflow.domain.email;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the relay answered to one delivery attempt, in the send's terms.
 *
 * @param result    what became of the message: {@link DeliveryAttempt.Result#ACCEPTED} for every recipient not
 *                  refused, or for none ({@link DeliveryAttempt.Result#TEMPORARY_FAILURE},
 *                  {@link DeliveryAttempt.Result#PERMANENT_FAILURE})
 * @param reply     the reply to the message as a whole, or what went wrong before one (a refused connection)
 * @param refusals  the recipients the relay refused one by one at RCPT TO
 * @param bounced   the recipients it refused for good as addresses (no such mailbox), as opposed to refusing this
 *                  message or its sender: the relay's reading of its reply codes says which
 */
public record RelayAnswer(
        DeliveryAttempt.Result result, String reply, List<RecipientRefusal> refusals, Set<EmailAddress> bounced) {
    public RelayAnswer {
        Objects.requireNonNull(result, "result");
        if (result == DeliveryAttempt.Result.NOT_SENT) {
            throw new IllegalArgumentException("a relay that answered has the message or refused it");
        }
        refusals = List.copyOf(refusals);
        bounced = Set.copyOf(bounced);
    }
}
