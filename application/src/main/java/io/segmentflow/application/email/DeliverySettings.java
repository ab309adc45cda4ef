package io.segmentflow.application.email;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How delivery behaves.
 *
 * @param lease          how long a worker holds a claimed send; after it a crashed worker's claim comes back
 * @param claimBatchSize how many due sends a worker claims at once: enough that claiming and recording cost little
 *                       per message, few enough that every worker gets a share of a burst
 * @param maxAttempts    a ceiling on attempts whatever the lifetime, so a message whose attempts never finish
 *                       (it kills its worker) stops being tried
 * @param firstRetry     wait after the first transient failure; it doubles with each attempt
 * @param longestRetry   the longest wait between two attempts
 * @param lifetime       how long after acceptance a send that keeps failing transiently is still tried; the last
 *                       attempt is made when it ends, as RFC 5321's give-up time (4-5 days) has it
 */
public record DeliverySettings(Duration lease, int claimBatchSize, int maxAttempts, Duration firstRetry,
                               Duration longestRetry, Duration lifetime) {
    public static final DeliverySettings DEFAULTS = new DeliverySettings(Duration.ofMinutes(2), 20, 200,
            Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(4));

    /** The part of a retry's delay that is random, so that sends deferred together do not return together. */
    static final double JITTER = 0.2;

    public DeliverySettings {
        if (claimBatchSize < 1 || maxAttempts < 1 || !positive(lease) || !positive(firstRetry)
                || !positive(longestRetry) || !positive(lifetime) || longestRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("invalid delivery settings: lease, retries and lifetime must be"
                    + " positive, the longest retry at least the first, batch size and attempts at least 1");
        }
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /**
     * The wait before attempt {@code attempts + 1}: {@code firstRetry} doubled per attempt up to {@code longestRetry},
     * minus up to {@value #JITTER} of it at random ({@code jitter} in [0, 1)).
     */
    public Duration retryDelay(int attempts, double jitter) {
        long first = firstRetry.toMillis();
        int doublings = Math.min(Math.max(attempts - 1, 0), 20);
        long delay = Math.min(longestRetry.toMillis(), first << doublings);
        return Duration.ofMillis(Math.max(1, (long) (delay * (1.0 - JITTER * jitter))));
    }

    /**
     * When to try a send accepted at {@code acceptedAt} again after its attempt number {@code attempts} failed
     * transiently at {@code now}; empty when its lifetime is over and it must fail.
     */
    public Optional<Instant> nextAttempt(Instant acceptedAt, Instant now, int attempts, double jitter) {
        Instant end = acceptedAt.plus(lifetime);
        if (!now.isBefore(end) || attempts >= maxAttempts) {
            return Optional.empty();
        }
        Instant next = now.plus(retryDelay(attempts, jitter));
        return Optional.of(next.isAfter(end) ? end : next);
    }
}
