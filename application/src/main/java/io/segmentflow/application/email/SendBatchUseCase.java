package io.segmentflow.application.email;

/** emails.batchSend: accept many independent emails into the durable outbox in one transaction. */
public interface SendBatchUseCase {
    /**
     * Processes the items in order and independently: a refused item is refused alone. Every accepted
     * send is committed with the answer to its key before this returns; a retried batch replays item by
     * item and creates nothing new. Each accepted item's key keeps {@code answer}'s answer to its send, the one
     * emails.send would have given, so a retry through either gets it back.
     */
    BatchOutcome sendBatch(SendBatchCommand batch, AnswerToAcceptedSend answer);
}
