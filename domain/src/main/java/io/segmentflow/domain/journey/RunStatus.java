package io.segmentflow.domain.journey;

/**
 * {@code queued} (due to go on), {@code running} (going through steps now), {@code waiting} (on a timer or an
 * event), and the ends: {@code completed} (a path ended or reached an exit), {@code failed} (a step could not be
 * done), {@code exited} (taken out from outside, as when its Profile is erased).
 */
public enum RunStatus {
    QUEUED("queued"),
    RUNNING("running"),
    WAITING("waiting"),
    COMPLETED("completed"),
    FAILED("failed"),
    EXITED("exited");

    private final String wireName;

    RunStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isEnded() {
        return this == COMPLETED || this == FAILED || this == EXITED;
    }
}
