package io.segmentflow.application.email;

import java.util.List;

/** The outbox's consumer side: claim due sends, render them and hand them to the relay. */
public interface DispatchEmailsUseCase {
    /**
     * Claims due sends and makes one delivery attempt for each: one batch, or, while batches come back full, more
     * for about a second.
     *
     * @return how many sends were claimed, and whether the last claim took everything due
     */
    DispatchPass dispatchDue();

    /**
     * When delivery stops: records the results held through a database outage, if the database answers now.
     *
     * @return the ids of the sends whose results could still not be recorded: they come back when their lease ends
     *         and are delivered again
     */
    List<String> recordHeldResultsAtStop();
}
