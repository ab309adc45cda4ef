package io.segmentflow.domain.journey;

import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.event.EventName;
import java.util.Objects;
import java.util.Optional;

/** What makes a Profile enter a Journey: a tracked event (when its filter holds), or a trigger call. */
public sealed interface JourneyTrigger {
    /** Entered when {@code event} is tracked for a Profile and the filter, if any, holds. */
    record OnEvent(EventName event, Optional<Condition> filter) implements JourneyTrigger {
        public OnEvent {
            Objects.requireNonNull(event);
            filter = filter.map(Condition::withinLimits);
        }
    }

    /** Entered only through journeys.trigger. */
    record OnApiCall() implements JourneyTrigger {}
}
