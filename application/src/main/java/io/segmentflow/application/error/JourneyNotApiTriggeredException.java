package io.segmentflow.application.error;

/** journeys.trigger was called for a Journey that starts on a tracked event, not on a trigger call. */
public class JourneyNotApiTriggeredException extends ApplicationException {
    public JourneyNotApiTriggeredException(String journeyId, String event) {
        super(
                "journey_not_api_triggered",
                "journey " + journeyId + " starts when '" + event + "' is tracked (POST /api/v1/events), not on a"
                        + " trigger call");
    }
}
