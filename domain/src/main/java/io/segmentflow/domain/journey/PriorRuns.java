package io.segmentflow.domain.journey;

/** What a Profile has done in a Journey before: any run at all, and a run not yet ended. */
public record PriorRuns(boolean any, boolean going) {
    public static final PriorRuns NONE = new PriorRuns(false, false);
}
