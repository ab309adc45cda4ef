package io.segmentflow.application.port.out;

import java.time.Instant;

/**
 * Tells the delivery workers when there is work, so they need not wait for their next poll: new sends were
 * committed, or a deferred send falls due again at a known time.
 */
public interface DispatchSignal {
    void sendsQueued();

    /** A send was deferred until {@code when}; called after its deferral was committed. */
    void retryDueAt(Instant when);
}
