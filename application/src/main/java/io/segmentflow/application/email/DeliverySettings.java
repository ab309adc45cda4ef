package io.segmentflow.application.email;

import java.time.Duration;

/**
 * How delivery behaves.
 *
 * @param lease          how long a worker holds a claimed send; after it a crashed worker's claim comes back
 * @param claimBatchSize how many due sends a worker claims at once: few, so that in a burst every worker
 *                       gets some and none holds a queue of sends behind a slow one
 * @param maxAttempts    attempts before a send that keeps failing transiently is failed for good
 * @param firstRetry     wait after the first transient failure; it doubles with each attempt
 * @param longestRetry   the longest wait between two attempts
 */
public record DeliverySettings(Duration lease, int claimBatchSize, int maxAttempts, Duration firstRetry,
                               Duration longestRetry) {
    public static final DeliverySettings DEFAULTS =
            new DeliverySettings(Duration.ofMinutes(2), 5, 8, Duration.ofMinutes(1), Duration.ofHours(1));

    public DeliverySettings {
        if (claimBatchSize < 1 || maxAttempts < 1 || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("invalid delivery settings");
        }
    }

    /** The wait before attempt {@code attempts + 1}: exponential, capped, with up to 20% jitter down. */
    public Duration retryDelay(int attempts, double jitter) {
        long first = firstRetry.toMillis();
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        long delay = Math.min(longestRetry.toMillis(), first << Math.min(doublings, 20));
        return Duration.ofMillis(Math.max(1, (long) (delay * (1.0 - 0.2 * jitter))));
    }
}
