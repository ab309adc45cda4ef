package io.segmentflow.application.email;

import io.segmentflow.domain.email.RetryPolicy;
import java.time.Duration;

/**
 * How delivery behaves.
 *
 * @param lease          how long a worker holds a claimed send; after it a crashed worker's claim comes back
 * @param claimBatchSize how many due sends a worker claims at once: enough that claiming and recording cost little
 *                       per message, few enough that every worker gets a share of a burst
 * @param maxAttempts    a ceiling on attempts whatever the lifetime, so a message whose attempts never finish
 *                       (it kills its worker) stops being tried
 * @param firstRetry     wait after the first transient failure; it doubles with each attempt ({@link RetryPolicy})
 * @param longestRetry   the longest wait between two attempts
 * @param lifetime       how long after acceptance a send that keeps failing transiently is still tried; the last
 *                       attempt is made when it ends, as RFC 5321's give-up time (4-5 days) has it
 */
public record DeliverySettings(
        Duration lease,
        int claimBatchSize,
        int maxAttempts,
        Duration firstRetry,
        Duration longestRetry,
        Duration lifetime) {
    public static final DeliverySettings DEFAULTS = new DeliverySettings(
            Duration.ofMinutes(2), 20, 200, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(4));

    public DeliverySettings {
        if (claimBatchSize < 1
                || maxAttempts < 1
                || !positive(lease)
                || !positive(firstRetry)
                || !positive(longestRetry)
                || !positive(lifetime)
                || longestRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("invalid delivery settings: lease, retries and lifetime must be"
                    + " positive, the longest retry at least the first, batch size and attempts at least 1");
        }
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /** How a send that keeps failing for now is tried again. */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(firstRetry, longestRetry, lifetime, maxAttempts);
    }
}
