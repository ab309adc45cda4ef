package io.segmentflow.application.port.out;

import java.time.Instant;

/**
 * Tells the workers when there is work, so they need not wait for their next poll: new sends were committed, a
 * deferred send falls due again at a known time, or Journey runs fall due.
 */
public interface DispatchSignal {
    void sendsQueued();

    /** A send was deferred until {@code when}; called after its deferral was committed. */
    void retryDueAt(Instant when);

    /**
     * Journey runs were committed due at {@code when}, the soonest of them: now (a Profile entered, an awaited event
     * came) or when the wait they entered ends. Called after the commit.
     */
    void runsDueAt(Instant when);
}
