package io.segmentflow.adapters.out.persistence;

import java.time.Duration;
import java.time.Instant;

/**
 * Where one node's claims of due rows start in due order, for a claim index whose claimed rows move out of it.
 *
 * <p>Each row a claim takes on leaves a dead entry at the front of its index until PostgreSQL vacuums it, before every
 * row still due: a claim that started from the front each time stepped over every row taken on since the last vacuum
 * and grew slower with each (at a few hundred a second, most of the database's time went to that). So a claim starts
 * {@link #MARGIN} before the earliest row the last claim took, or, when it took none, before the time it looked at.
 * A row due before that and not claimed yet (its transaction committed more than the margin after it read the clock,
 * a rolled-back claim gave it back, or a node whose clock is behind wrote it) is found by the claim from the front
 * that runs every {@link #SWEEP_INTERVAL}.
 */
final class ClaimFloor {
    /** Where a claim from the front starts: before every due time. */
    static final Instant FRONT = Instant.EPOCH;

    /** Longer than a transaction takes from reading the clock to its commit, but for rare stalls. */
    static final Duration MARGIN = Duration.ofMillis(250);

    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);

    private volatile Instant floor = FRONT;
    private volatile Instant nextSweep = Instant.MIN;

    /** Where a claim made at {@code now} starts: the front when a sweep is due, else the floor. */
    Instant claimFrom(Instant now) {
        if (now.isBefore(nextSweep)) {
            return floor;
        }
        nextSweep = now.plus(SWEEP_INTERVAL);
        return FRONT;
    }

    /**
     * After a claim that looked for rows due up to {@code now}: {@code earliestTaken} is the due time of the first
     * row it took, or null when it took none.
     */
    void claimed(Instant now, Instant earliestTaken) {
        if (earliestTaken != null) {
            floor = earliestTaken.minus(MARGIN);
        } else {
            Instant looked = now.minus(MARGIN);
            if (looked.isAfter(floor)) {
                floor = looked;
            }
        }
    }

    /** Where a look for the earliest due time starts. */
    Instant floor() {
        return floor;
    }
}
