package io.segmentflow.application.broadcast;

/** The scheduler's use case: starts the Broadcasts and NewsletterIssues whose scheduled time has come. */
public interface StartDueSendsUseCase {
    /**
     * Claims up to {@link #claimSize()} due carriers of each kind (skipping those another node holds), moves each to
     * sending and starts its fan-out once that is committed.
     *
     * @return how many were claimed; as many as the claim size means more may be due
     */
    int startDue();

    int claimSize();
}
