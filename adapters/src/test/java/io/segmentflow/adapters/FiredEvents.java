package io.segmentflow.adapters;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * CDI's {@link Event} as an adapter fires it outside the container: each event fired synchronously is kept, in order,
 * with the thread that fired it. A wake-up is worth nothing later, so firing asynchronously fails the test.
 */
public final class FiredEvents<T> implements Event<T> {
    /** One event, and the thread that fired it. */
    public record Fired<T>(T event, Thread thread) {}

    private final BlockingQueue<Fired<T>> fired = new LinkedBlockingQueue<>();

    @Override
    public void fire(T event) {
        fired.add(new Fired<>(event, Thread.currentThread()));
    }

    /** The next event fired, waiting up to {@code patience} for it; null if none came. */
    public Fired<T> next(Duration patience) throws InterruptedException {
        return fired.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many events were fired and not yet taken by {@link #next}. */
    public int waiting() {
        return fired.size();
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event) {
        throw new AssertionError("a wake-up is worth nothing later: it is fired synchronously");
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
        throw new AssertionError("a wake-up is worth nothing later: it is fired synchronously");
    }

    @Override
    public Event<T> select(Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }
}
