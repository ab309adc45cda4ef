package io.segmentflow.domain.journey;

/** {@code draft -> active <-> paused}, and any of them {@code -> archived}. Only an active Journey enrolls. */
public enum JourneyStatus {
    DRAFT("draft"),
    ACTIVE("active"),
    PAUSED("paused"),
    ARCHIVED("archived");

    private final String wireName;

    JourneyStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
