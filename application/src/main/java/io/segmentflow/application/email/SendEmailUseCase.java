package io.segmentflow.application.email;

/** emails.send: accept one email for one recipient into the durable outbox. */
public interface SendEmailUseCase {
    /**
     * Commits the EmailSend together with the answer to its idempotency key, and only then returns. The answer
     * is {@code answer}'s to a newly accepted send; a retry of the same request gets the first answer back.
     *
     * @throws io.segmentflow.application.error.NotFoundException             no such template in the workspace
     * @throws io.segmentflow.application.error.IdempotencyKeyReuseException  the key served another request
     * @throws io.segmentflow.application.error.ConcurrentRequestException     the key's first request is in flight
     */
    SendOutcome send(SendEmailCommand command, AnswerToAcceptedSend answer);
}
