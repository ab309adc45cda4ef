package io.segmentflow.domain.journey;

/** Whether a Profile may enter a Journey again. */
public enum ReEntry {
    /** Once per Profile, ever. */
    NEVER("never"),
    /** Again once its earlier run has ended. */
    WHEN_FINISHED("when_finished"),
    /** Any time, even beside a run still going. */
    ALWAYS("always");

    private final String wireName;

    ReEntry(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
