package io.segmentflow.domain.journey;

/** Why a Profile whose event a Journey listens to did not enter it. */
public enum SkipReason {
    JOURNEY_PAUSED("journey_paused"),
    ALREADY_IN_RUN("already_in_run"),
    ALREADY_ENTERED("already_entered"),
    FILTER_FALSE("filter_false");

    private final String wireName;

    SkipReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
