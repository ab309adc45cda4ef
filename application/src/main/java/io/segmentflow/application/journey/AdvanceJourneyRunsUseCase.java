package io.segmentflow.application.journey;

import java.time.Instant;
import java.util.Optional;

/** What the Journey workers call: take due runs on through their steps. */
public interface AdvanceJourneyRunsUseCase {
    /**
     * Claims due runs and takes each on until it waits or ends, committing the runs and what their steps did
     * (emails queued, profiles updated) together.
     *
     * @return how many runs were claimed; 0 when none was due
     */
    int advanceDue();

    /**
     * The most runs one {@link #advanceDue} claims. A claim that took fewer found no other run due and unclaimed at
     * that moment, so a worker need not look again until told of new due runs ({@link RunsDue}) or a wait ends.
     */
    int claimSize();

    /** When the next run falls due, if one is waiting or queued: a worker may sleep until then. */
    Optional<Instant> nextDue();
}
