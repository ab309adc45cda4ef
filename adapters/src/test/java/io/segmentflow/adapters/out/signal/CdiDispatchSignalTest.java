package io.segmentflow.adapters.out.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.email.DeliveryDue;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Each signal becomes one event, fired at once on the caller's thread, that says what fell due and when. */
class CdiDispatchSignalTest {
    private final List<Object> fired = new ArrayList<>();
    private final List<Thread> firedOn = new ArrayList<>();
    private final CdiDispatchSignal signal = new CdiDispatchSignal();

    {
        signal.due = new Event<>() {
            @Override
            public void fire(DeliveryDue event) {
                fired.add(event);
                firedOn.add(Thread.currentThread());
            }

            @Override
            public <U extends DeliveryDue> CompletionStage<U> fireAsync(U event) {
                throw new AssertionError("a wake-up is worth nothing later: it is fired synchronously");
            }

            @Override
            public <U extends DeliveryDue> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
                throw new AssertionError("a wake-up is worth nothing later: it is fired synchronously");
            }

            @Override
            public Event<DeliveryDue> select(Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <U extends DeliveryDue> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <U extends DeliveryDue> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void queued_sends_are_announced_as_due_now() {
        signal.sendsQueued();

        assertThat(fired).containsExactly(new DeliveryDue.SendsQueued());
        assertThat(firedOn).containsExactly(Thread.currentThread());
    }

    @Test
    void a_deferred_send_is_announced_with_the_time_it_falls_due() {
        Instant when = Instant.parse("2030-01-15T10:00:30Z");

        signal.retryDueAt(when);

        assertThat(fired).containsExactly(new DeliveryDue.RetryDue(when));
    }
}
