package io.segmentflow.adapters.out.signal;

import io.segmentflow.application.email.DeliveryDue;
import io.segmentflow.application.journey.RunsDue;
import io.segmentflow.application.port.out.DispatchSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Fires each signal as a synchronous CDI event on the caller's thread, so whoever observes {@link DeliveryDue}
 * or {@link RunsDue} (the delivery and Journey workers) hears of it at once; and tells the other nodes of queued
 * sends through PostgreSQL ({@link OtherNodesNotifier}). Journey runs due now are this node's: the other nodes find
 * them when their workers next look for due runs. A deferred send is this node's to wake up for: the others find it
 * at their next poll if this node is gone.
 */
@ApplicationScoped
public class NodesDispatchSignal implements DispatchSignal {
    @Inject
    Event<DeliveryDue> due;

    @Inject
    Event<RunsDue> runs;

    @Inject
    OtherNodesNotifier otherNodes;

    @Override
    public void sendsQueued() {
        due.fire(new DeliveryDue.SendsQueued());
        otherNodes.sendsQueued();
    }

    @Override
    public void retryDueAt(Instant when) {
        due.fire(new DeliveryDue.RetryDue(when));
    }

    @Override
    public void runsDueAt(Instant when) {
        runs.fire(new RunsDue(when));
    }
}
