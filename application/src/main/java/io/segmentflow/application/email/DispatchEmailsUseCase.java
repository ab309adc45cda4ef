package io.segmentflow.application.email;

/** The outbox's consumer side: claim due sends, render them and hand them to the relay. */
public interface DispatchEmailsUseCase {
    /**
     * Claims one batch of due sends and makes one delivery attempt for each.
     *
     * @return how many sends were claimed; 0 when nothing is due
     */
    int dispatchDue();
}
