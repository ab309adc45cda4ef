package io.segmentflow.application.journey;

import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.journey.JourneyRun;

/** What became of journeys.trigger: a run started, or a retry given its key's first answer again. */
public sealed interface TriggerOutcome {
    FirstAnswer answer();

    record Started(JourneyRun run, FirstAnswer answer) implements TriggerOutcome {}

    record Replayed(FirstAnswer answer) implements TriggerOutcome {}
}
