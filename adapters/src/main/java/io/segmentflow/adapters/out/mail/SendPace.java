package io.segmentflow.adapters.out.mail;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps deliveries through one relay to at most a given number of messages per second, spaced evenly: relays
 * (and the receivers behind them) count per second, and an even pace never bursts past their limit.
 * Every delivering thread takes the next free slot and waits for it.
 */
final class SendPace {
    /** Sleeps for a number of nanoseconds; a seam so tests need not wait. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextSlot;
    private boolean started;

    SendPace(double messagesPerSecond) {
        this(messagesPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    SendPace(double messagesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(messagesPerSecond > 0)) {
            throw new IllegalArgumentException("messages per second must be positive, was " + messagesPerSecond);
        }
        this.intervalNanos = Math.max(1, (long) (TimeUnit.SECONDS.toNanos(1) / messagesPerSecond));
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Waits for this thread's slot. */
    void awaitSlot() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            // An idle spell earns no burst afterwards: the next slot is never in the past.
            long slot = !started || nextSlot - now < 0 ? now : nextSlot;
            started = true;
            nextSlot = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }
}
