package io.segmentflow.application.error;

import io.segmentflow.domain.journey.SkipReason;

/** A Profile could not enter a Journey now; the code is the reason ({@code journey_paused}, {@code already_in_run}). */
public class EntryRefusedException extends ApplicationException {
    public EntryRefusedException(String journeyId, SkipReason reason) {
        super(reason.wireName(), "the profile cannot enter journey " + journeyId + ": " + explain(reason));
    }

    private static String explain(SkipReason reason) {
        return switch (reason) {
            case JOURNEY_PAUSED -> "the journey is not active";
            case ALREADY_IN_RUN ->
                "it is in a run of it that has not ended, and the re-entry policy does not allow another";
            case ALREADY_ENTERED -> "it entered the journey before, and the re-entry policy is never";
            case FILTER_FALSE -> "the journey's filter does not hold for it";
        };
    }
}
