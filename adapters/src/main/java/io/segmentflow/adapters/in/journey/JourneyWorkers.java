package io.segmentflow.adapters.in.journey;

import io.segmentflow.application.error.StoreUnavailableException;
import io.segmentflow.application.journey.AdvanceJourneyRunsUseCase;
import io.segmentflow.application.journey.RunsDue;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Journey workers: each claims due runs and takes them on, again while its claims come back full. A run
 * committed due now wakes one at once ({@link RunsDue}); an idle worker sleeps until the next run falls due (a wait
 * ending, as read from the store or as told by {@link RunsDue} for a wait a run entered as it started), or the poll
 * interval at most, which also finds runs other nodes made due.
 */
@ApplicationScoped
public class JourneyWorkers {
    private static final Logger LOG = Logger.getLogger(JourneyWorkers.class.getName());
    private static final Duration PAUSE_AFTER_ERROR = Duration.ofSeconds(2);
    private static final Duration OUTAGE_PAUSE = Duration.ofSeconds(1);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final long BUSY_RECHECK_MILLIS = 20;

    /** Threads of their own, as for delivery: workers that never return must not hold the request pool's threads. */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ThreadFactory threads;

    @Inject
    AdvanceJourneyRunsUseCase runs;

    @Inject
    Clock clock;

    private final Object wakeup = new Object();
    private long signals;
    /** The soonest due time told of runs that entered a wait as they started; null when none is ahead. */
    private Instant toldDue;

    private volatile boolean running;
    private final AtomicBoolean databaseAway = new AtomicBoolean();
    private long pollMillis;
    private CountDownLatch stopped = new CountDownLatch(0);

    public void start(int workerCount, Duration pollInterval) {
        pollMillis = pollInterval.toMillis();
        stopped = new CountDownLatch(workerCount);
        running = true;
        for (int i = 0; i < workerCount; i++) {
            Thread worker = threads.newThread(this::work);
            worker.setName("segmentflow-journeys-" + (i + 1));
            worker.start();
        }
        LOG.info(() -> "Journey runs started with " + workerCount + " workers");
    }

    void runsDue(@Observes RunsDue due) {
        synchronized (wakeup) {
            if (due.at().isAfter(clock.instant())) {
                if (toldDue != null && !due.at().isBefore(toldDue)) {
                    return;
                }
                // Sooner than any idle worker may be sleeping: one wakes to sleep until then.
                toldDue = due.at();
            } else {
                signals++;
            }
            wakeup.notify();
        }
    }

    private void work() {
        try {
            while (running) {
                long seen;
                synchronized (wakeup) {
                    seen = signals;
                }
                int claimed;
                try {
                    claimed = runs.advanceDue();
                    if (databaseAway.compareAndSet(true, false)) {
                        LOG.info("the database answers again: Journey runs go on");
                    }
                } catch (StoreUnavailableException e) {
                    if (databaseAway.compareAndSet(false, true)) {
                        LOG.warning(() -> "Journey runs wait for the database: " + e.getMessage());
                    }
                    pause(OUTAGE_PAUSE.toMillis());
                    continue;
                } catch (Throwable e) {
                    LOG.log(Level.SEVERE, "a pass over due Journey runs failed; retrying shortly", e);
                    pause(PAUSE_AFTER_ERROR.toMillis());
                    continue;
                }
                if (claimed >= runs.claimSize()) {
                    // A full claim: more may be due, so another worker helps while this one claims again.
                    synchronized (wakeup) {
                        signals++;
                        wakeup.notify();
                    }
                } else {
                    // A claim that was not full took every run due and unclaimed: looking again before news of
                    // more would only find none (an empty claim and its commit for each run signalled).
                    idle(seen);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Sleeps until the next run falls due (as read, or as told), the poll interval at most, unless runs were signalled
     * since {@code seen}.
     */
    private void idle(long seen) throws InterruptedException {
        synchronized (wakeup) {
            if (signals != seen || toldDueHasCome()) {
                return;
            }
        }
        long wait = pollMillis;
        try {
            Optional<Instant> next = runs.nextDue();
            if (next.isPresent()) {
                wait = Math.max(
                        1,
                        Math.min(
                                wait,
                                Duration.between(clock.instant(), next.get()).toMillis() + 1));
            }
        } catch (RuntimeException e) {
            // The poll interval stands in for a time that could not be read.
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        synchronized (wakeup) {
            // Woken for a due time told of, a worker sleeps on until then rather than claim before it.
            while (running && signals == seen && !toldDueHasCome()) {
                long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
                if (toldDue != null) {
                    left = Math.min(
                            left, Duration.between(clock.instant(), toldDue).toMillis() + 1);
                }
                if (left <= 0) {
                    return;
                }
                wakeup.wait(left);
            }
        }
    }

    /** Whether the soonest due time told of has come: forgotten then, since the claim about to start takes it. */
    private boolean toldDueHasCome() {
        if (toldDue == null || toldDue.isAfter(clock.instant())) {
            return false;
        }
        toldDue = null;
        return true;
    }

    private void pause(long millis) throws InterruptedException {
        synchronized (wakeup) {
            if (running) {
                wakeup.wait(millis);
            }
        }
    }

    @PreDestroy
    public void stop() {
        running = false;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        try {
            if (!stopped.await(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warning("Journey workers still busy at shutdown; their claims roll back and are taken again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
