package io.segmentflow.domain.condition;

/** The part of template state a condition reads: a Profile's durable properties or one event's data. */
public enum Namespace {
    PROFILE("profile"),
    EVENT("event");

    private final String wireName;

    Namespace(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
