package io.segmentflow.adapters.out.persistence;

import jakarta.persistence.EntityManager;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

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

    /**
     * Claims with {@code sql}, in the current transaction: its parameters are where the claim starts, the time it
     * claims at, and how many rows it takes at most, which it returns in due order. The floor moves on by what it
     * took.
     */
    <T> List<T> claim(
            EntityManager em,
            String sql,
            Instant now,
            int limit,
            TransactionConnection.RowReader<T> reader,
            Function<T, Instant> dueAt) {
        Instant from = claimFrom(now);
        List<T> due = TransactionConnection.select(
                em,
                sql,
                select -> {
                    select.setObject(1, Times.column(from), Types.TIMESTAMP_WITH_TIMEZONE);
                    select.setObject(2, Times.column(now), Types.TIMESTAMP_WITH_TIMEZONE);
                    select.setInt(3, limit);
                },
                reader);
        claimed(now, due.isEmpty() ? null : dueAt.apply(due.get(0)));
        return due;
    }

    /** Where a claim made at {@code now} starts: the front when a sweep is due, else the floor. */
    private Instant claimFrom(Instant now) {
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
    private void claimed(Instant now, Instant earliestTaken) {
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
