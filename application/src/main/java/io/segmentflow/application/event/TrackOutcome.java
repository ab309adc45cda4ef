package io.segmentflow.application.event;

import io.segmentflow.domain.idempotency.FirstAnswer;

/** What became of events.track: a newly recorded event, or a retry given its key's first answer again. */
public sealed interface TrackOutcome {
    FirstAnswer answer();

    record Tracked(TrackedEvent tracked, FirstAnswer answer) implements TrackOutcome {}

    record Replayed(FirstAnswer answer) implements TrackOutcome {}
}
