package io.segmentflow.domain.journey;

/** What became of one step a run went through. */
public enum StepOutcome {
    EMAIL_QUEUED("email_queued"),
    PROFILE_UPDATED("profile_updated"),
    WAITED("waited"),
    EVENT_ARRIVED("event_arrived"),
    TIMED_OUT("timed_out"),
    BRANCHED_TRUE("branched_true"),
    BRANCHED_FALSE("branched_false"),
    EXITED("exited"),
    FAILED("failed");

    private final String wireName;

    StepOutcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
