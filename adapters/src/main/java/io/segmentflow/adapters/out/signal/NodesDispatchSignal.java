package io.segmentflow.adapters.out.signal;

import io.segmentflow.application.email.DeliveryDue;
import io.segmentflow.application.port.out.DispatchSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Fires each signal as a synchronous CDI event on the caller's thread, so whoever observes {@link DeliveryDue}
 * on this node (the delivery workers) hears of it at once; and tells the other nodes of queued sends through
 * PostgreSQL ({@link OtherNodesNotifier}). A deferred send is this node's to wake up for: the others find it
 * at their next poll if this node is gone.
 */
@ApplicationScoped
public class NodesDispatchSignal implements DispatchSignal {
    @Inject
    Event<DeliveryDue> due;

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
}
