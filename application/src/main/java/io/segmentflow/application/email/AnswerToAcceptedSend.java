package io.segmentflow.application.email;

import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.idempotency.FirstAnswer;

/**
 * How the caller answers a newly accepted send. The use case asks for the answer before the send commits and
 * stores it with the send's idempotency key in the same transaction, so a retry gets the very same answer.
 */
@FunctionalInterface
public interface AnswerToAcceptedSend {
    FirstAnswer answer(EmailSend send);
}
