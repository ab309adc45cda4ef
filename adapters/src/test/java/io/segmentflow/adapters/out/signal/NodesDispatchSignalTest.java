package io.segmentflow.adapters.out.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.adapters.FiredEvents;
import io.segmentflow.application.email.DeliveryDue;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Each signal becomes one event, fired at once on the caller's thread, that says what fell due and when; queued
 * sends are also told to the other nodes, a deferred send is not.
 */
class NodesDispatchSignalTest {
    private final FiredEvents<DeliveryDue> fired = new FiredEvents<>();
    private final CapturingScheduler scheduler = new CapturingScheduler();
    private final NodesDispatchSignal signal = new NodesDispatchSignal();

    {
        signal.due = fired;
        signal.otherNodes = new OtherNodesNotifier();
        signal.otherNodes.scheduler = scheduler;
    }

    @Test
    void queued_sends_are_announced_as_due_now_here_and_to_the_other_nodes() throws Exception {
        signal.sendsQueued();

        FiredEvents.Fired<DeliveryDue> event = fired.next(Duration.ZERO);
        assertThat(event.event()).isEqualTo(new DeliveryDue.SendsQueued());
        assertThat(event.thread()).isEqualTo(Thread.currentThread());
        assertThat(fired.waiting()).isZero();
        assertThat(scheduler.tasks()).as("a notification to the other nodes").hasSize(1);
    }

    @Test
    void a_deferred_send_is_announced_with_the_time_it_falls_due_on_this_node_only() throws Exception {
        Instant when = Instant.parse("2030-01-15T10:00:30Z");

        signal.retryDueAt(when);

        assertThat(fired.next(Duration.ZERO).event()).isEqualTo(new DeliveryDue.RetryDue(when));
        assertThat(scheduler.tasks()).isEmpty();
    }
}
