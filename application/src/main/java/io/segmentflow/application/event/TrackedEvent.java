package io.segmentflow.application.event;

import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.journey.SkipReason;
import java.util.List;

/**
 * What a tracked event led to: the Journeys listening to it, those the Profile entered (with the run), and those it
 * did not, each with its reason.
 */
public record TrackedEvent(
        UserEvent event, List<String> matchedJourneys, List<Enrolled> enrolled, List<Skipped> skipped) {
    public record Enrolled(String journeyId, String runId) {}

    public record Skipped(String journeyId, SkipReason reason) {}

    public TrackedEvent {
        matchedJourneys = List.copyOf(matchedJourneys);
        enrolled = List.copyOf(enrolled);
        skipped = List.copyOf(skipped);
    }
}
