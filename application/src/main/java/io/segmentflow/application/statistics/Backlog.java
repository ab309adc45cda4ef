package io.segmentflow.application.statistics;

import java.time.Instant;

/**
 * The sends of a workspace not delivered yet: those waiting for their attempt (new or deferred) and those a worker is
 * delivering now.
 *
 * @param oldestDue when the longest-waiting queued send fell or falls due; null when none is queued
 */
public record Backlog(long queued, long processing, Instant oldestDue) {
    public static final Backlog EMPTY = new Backlog(0, 0, null);

    public long total() {
        return queued + processing;
    }
}
