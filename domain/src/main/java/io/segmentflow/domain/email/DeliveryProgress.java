package io.segmentflow.domain.email;

import java.time.Instant;

/**
 * The changing part of an EmailSend: its status, how many delivery attempts were made, when the next
 * one is due, until when a worker holds it, and what the last SMTP reply or failure was.
 */
public record DeliveryProgress(
        EmailSendStatus status,
        int attempts,
        Instant nextAttemptAt,
        Instant leaseUntil,
        String lastReply,
        String failureMessage,
        Instant updatedAt) {

    static DeliveryProgress queued(Instant now) {
        return new DeliveryProgress(EmailSendStatus.QUEUED, 0, now, null, null, null, now);
    }
}
