package io.segmentflow.domain.email;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a send that keeps failing for now (4xx, refused or dropped connection, time-out) is tried again: after
 * {@code firstWait}, doubled with each attempt up to {@code longestWait}, less up to {@value #JITTER} of it at random
 * so that sends deferred together do not return together; until {@code lifetime} after acceptance, when the last
 * attempt is made, as RFC 5321's give-up time (4-5 days) has it.
 *
 * @param maxAttempts a ceiling on attempts whatever the lifetime, so a message whose attempts never finish (it
 *                    kills its worker) stops being tried
 */
public record RetryPolicy(Duration firstWait, Duration longestWait, Duration lifetime, int maxAttempts) {
    /** The part of a wait that is random. */
    public static final double JITTER = 0.2;

    public RetryPolicy {
        if (maxAttempts < 1
                || !positive(firstWait)
                || !positive(longestWait)
                || !positive(lifetime)
                || longestWait.compareTo(firstWait) < 0) {
            throw new IllegalArgumentException("invalid retry policy: waits and lifetime must be positive, the longest"
                    + " wait at least the first, attempts at least 1");
        }
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /**
     * The wait before attempt {@code attempts + 1}: {@code firstWait} doubled per attempt up to {@code longestWait},
     * less up to {@value #JITTER} of it as {@code jitter} (in [0, 1)) says; never zero.
     */
    public Duration waitAfter(int attempts, double jitter) {
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter is a fraction in [0, 1), not " + jitter);
        }
        long first = firstWait.toMillis();
        int doublings = Math.min(Math.max(attempts - 1, 0), 20);
        long wait = Math.min(longestWait.toMillis(), first << doublings);
        return Duration.ofMillis(Math.max(1, (long) (wait * (1.0 - JITTER * jitter))));
    }

    /**
     * When to try a send accepted at {@code acceptedAt} again after its attempt number {@code attempts} failed for
     * now at {@code now}: never past the end of its lifetime; empty when the lifetime or the attempts are used up.
     */
    public Optional<Instant> nextAttempt(Instant acceptedAt, Instant now, int attempts, double jitter) {
        Instant end = acceptedAt.plus(lifetime);
        if (!now.isBefore(end) || attempts >= maxAttempts) {
            return Optional.empty();
        }
        Instant next = now.plus(waitAfter(attempts, jitter));
        return Optional.of(next.isAfter(end) ? end : next);
    }
}
