package io.segmentflow.domain.email;

import java.util.Objects;

/**
 * What a Journey email came from: the run and step that queued it, and the event that started the run, whose data
 * the email renders as {@code /event/*}.
 *
 * @param eventId null when the run has no event
 */
public record JourneyLink(String runId, String stepId, String eventId) {
    public JourneyLink {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(stepId, "stepId");
    }
}
