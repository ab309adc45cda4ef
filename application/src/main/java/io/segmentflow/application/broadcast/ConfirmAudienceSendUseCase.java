package io.segmentflow.application.broadcast;

import io.segmentflow.domain.audience.CarrierRef;

/**
 * What the dashboard's confirmation page does with a link's token: a person reviews the send, then confirms it, and
 * the fan-out starts. An unknown token is not found; one used or expired is refused
 * ({@link io.segmentflow.domain.audience.ConfirmationRefusedException}) and starts nothing.
 */
public interface ConfirmAudienceSendUseCase {
    /** The Broadcast or NewsletterIssue the link would confirm, without using the link up. */
    CarrierRef review(String token);

    /**
     * Uses the link up and starts the send: the carrier moves to sending and its fan-out job starts once that is
     * committed. Refused, with the link left as it was, when the carrier no longer awaits confirmation.
     */
    CarrierRef confirm(String token);
}
