package io.segmentflow.application.journey;

import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.journey.JourneyRun;

/** journeys.trigger: exactly one run per idempotency key. */
public interface TriggerJourneyUseCase {
    /** How the caller answers a started run; stored with the key in the run's transaction, for replays. */
    @FunctionalInterface
    interface AnswerToStartedRun {
        FirstAnswer answer(JourneyRun run);
    }

    TriggerOutcome trigger(TriggerJourneyCommand command, AnswerToStartedRun answerTo);
}
