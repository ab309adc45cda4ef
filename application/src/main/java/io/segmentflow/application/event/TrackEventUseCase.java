package io.segmentflow.application.event;

import io.segmentflow.domain.idempotency.FirstAnswer;

/** events.track: exactly one event per idempotency key. */
public interface TrackEventUseCase {
    /** How the caller answers a recorded event; stored with the key in the event's transaction, for replays. */
    @FunctionalInterface
    interface AnswerToTrackedEvent {
        FirstAnswer answer(TrackedEvent tracked);
    }

    TrackOutcome track(TrackEventCommand command, AnswerToTrackedEvent answerTo);
}
