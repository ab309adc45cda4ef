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
 * on this node (the delivery workers) hears of it at once. Other nodes find the work at their next poll.
 */
@ApplicationScoped
public class CdiDispatchSignal implements DispatchSignal {
    @Inject
    Event<DeliveryDue> due;

    @Inject
    Event<RunsDue> runs;

    @Override
    public void sendsQueued() {
        due.fire(new DeliveryDue.SendsQueued());
    }

    @Override
    public void retryDueAt(Instant when) {
        due.fire(new DeliveryDue.RetryDue(when));
    }

    @Override
    public void runsQueued() {
        runs.fire(new RunsDue());
    }
}
