package io.segmentflow.application.broadcast;

import java.time.Instant;

/**
 * What a person sees before confirming an audience send: the send, until when the link works, what preflight says
 * (audience counted by eligibility, sender readiness, warnings) and the subscription group whose consent decides.
 *
 * @param subscriptionGroupName null when the group is gone
 * @param optIn whether the group mails only those who subscribed (else all but those who unsubscribed)
 */
public record ConfirmationReview(
        AudienceSend send, Instant expiresAt, Preflight preflight, String subscriptionGroupName, boolean optIn) {}
