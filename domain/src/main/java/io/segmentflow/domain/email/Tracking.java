package io.segmentflow.domain.email;

/** Whether link clicks and opens are to be tracked for a send. */
public record Tracking(boolean clicks, boolean opens) {
    public static final Tracking NONE = new Tracking(false, false);
}
