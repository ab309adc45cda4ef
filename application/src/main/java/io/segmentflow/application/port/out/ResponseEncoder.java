package io.segmentflow.application.port.out;

import io.segmentflow.domain.email.EmailSend;

/**
 * Writes the body of the answer to an accepted send, so that the very same body is stored with the
 * idempotency key, in the transaction that accepts the send, and replayed to retries.
 */
public interface ResponseEncoder {
    String acceptedSend(EmailSend send);
}
