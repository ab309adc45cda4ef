package io.segmentflow.adapters.in.delivery;

import io.segmentflow.application.email.DeliveryDue;
import io.segmentflow.application.email.DispatchEmailsUseCase;
import io.segmentflow.application.email.DispatchPass;
import io.segmentflow.application.error.StoreUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The delivery workers: loops on the container's managed threads that drain the outbox. A committed
 * send wakes one at once ({@link DeliveryDue.SendsQueued}), and a worker that found work wakes another, so a
 * backlog gets every worker; a send deferred on this node wakes one when it falls due ({@link DeliveryDue.RetryDue}).
 * The poll interval is only the safety net (sends committed or deferred by another node, leases that ran out).
 *
 * <p>After a claim that came back short (it took everything due), no worker claims again for a few milliseconds,
 * new sends or not: under a steady stream of sends the next claim then carries all the sends committed meanwhile for
 * the price of one claim transaction, where each idle worker answering each commit would claim that commit's few. A
 * send into a quiet outbox, with no such claim in the last few milliseconds, is claimed at once.
 */
@ApplicationScoped
public class DeliveryWorkers {
    private static final Logger LOG = Logger.getLogger(DeliveryWorkers.class.getName());
    private static final Duration PAUSE_AFTER_ERROR = Duration.ofSeconds(2);
    /**
     * The first and the longest wait between two tries while the database is unreachable: short, since results
     * held meanwhile must be recorded before their leases run out and another node claims their sends.
     */
    private static final Duration FIRST_OUTAGE_PAUSE = Duration.ofMillis(250);

    private static final Duration LONGEST_OUTAGE_PAUSE = Duration.ofSeconds(2);
    /** How long a stopping server waits for deliveries in flight, so that their results are recorded. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    /**
     * Managed threads of their own, not tasks on the managed executor: that executor runs on the server's
     * shared thread pool, which also serves HTTP requests, and workers that never return would hold its threads
     * until the pool decided to grow, leaving requests waiting (seen for minutes on a small machine).
     */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ThreadFactory threads;

    @Inject
    DispatchEmailsUseCase dispatch;

    @Inject
    Clock clock;

    /** Known retry times on this node, soonest first; bounded, since the poll finds any it drops. */
    private final PriorityQueue<Instant> retries = new PriorityQueue<>();

    private static final int MAX_KNOWN_RETRIES = 10_000;

    private final Object wakeup = new Object();
    /** Signals of committed sends so far, and how many of them a pass that started after them sees. */
    private long queuedSignals;

    private long coveredSignals;
    /** Whether the last claim came back full: there may be more, and every worker takes part. */
    private boolean backlog;
    /** After a claim that took everything due, no pass starts before this ({@link System#nanoTime()}). */
    private long restUntil = System.nanoTime();

    private volatile boolean running;
    /** Whether a worker found the database unreachable on its last pass: said once per outage in the log. */
    private final AtomicBoolean databaseAway = new AtomicBoolean();

    private long pollMillis;
    private long gatherNanos;
    private CountDownLatch stopped = new CountDownLatch(0);

    /**
     * Starts {@code workerCount} workers that look for due sends at least every {@code pollInterval}, and rest
     * {@code gather} after a claim that took everything due.
     */
    public void start(int workerCount, Duration pollInterval, Duration gather) {
        pollMillis = pollInterval.toMillis();
        gatherNanos = gather.toNanos();
        stopped = new CountDownLatch(workerCount);
        running = true;
        synchronized (wakeup) {
            // Sends left from before the start go out at once.
            backlog = true;
        }
        for (int i = 0; i < workerCount; i++) {
            Thread worker = threads.newThread(this::work);
            worker.setName("segmentflow-delivery-" + (i + 1));
            worker.start();
        }
        LOG.info(() -> "Delivery started with " + workerCount + " workers");
    }

    void sendsQueued(@Observes DeliveryDue.SendsQueued queued) {
        synchronized (wakeup) {
            queuedSignals++;
            // One idle worker is enough for one send; busy workers see the count change when they finish.
            wakeup.notify();
        }
    }

    void retryDue(@Observes DeliveryDue.RetryDue due) {
        synchronized (wakeup) {
            if (retries.size() < MAX_KNOWN_RETRIES) {
                retries.add(due.when());
                // An idle worker may be waiting longer than until this retry.
                wakeup.notify();
            }
        }
    }

    private void work() {
        long outagePause = FIRST_OUTAGE_PAUSE.toMillis();
        try {
            while (running) {
                if (!awaitTurn()) {
                    continue;
                }
                DispatchPass pass;
                try {
                    pass = dispatch.dispatchDue();
                    if (databaseAway.compareAndSet(true, false)) {
                        LOG.info("the database answers again: delivery resumes");
                    }
                    outagePause = FIRST_OUTAGE_PAUSE.toMillis();
                } catch (StoreUnavailableException e) {
                    // Not a fault of delivery: wait for the database, trying again soon and then less often.
                    if (databaseAway.compareAndSet(false, true)) {
                        LOG.warning(() -> "delivery waits for the database: " + e.getMessage());
                    }
                    pause(outagePause);
                    outagePause = Math.min(outagePause * 2, LONGEST_OUTAGE_PAUSE.toMillis());
                    continue;
                } catch (Throwable e) {
                    // A worker that died here would silently take its share of delivery with it.
                    LOG.log(Level.SEVERE, "delivery pass failed; retrying shortly", e);
                    pause(PAUSE_AFTER_ERROR.toMillis());
                    continue;
                }
                passEnded(pass);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Waits until this worker is to make a pass: while there is a backlog; when a send was committed since the
     * last pass began and no worker rests; when a known retry falls due; or after {@code pollMillis} of waiting, the
     * safety net. False when the workers stop meanwhile.
     */
    private boolean awaitTurn() throws InterruptedException {
        synchronized (wakeup) {
            long pollAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pollMillis);
            while (running) {
                long now = System.nanoTime();
                long untilRestEnds = restUntil - now;
                if (backlog || (queuedSignals != coveredSignals && untilRestEnds <= 0) || retryFallenDue()) {
                    break;
                }
                long wait = pollAt - now;
                if (wait <= 0) {
                    break;
                }
                if (queuedSignals != coveredSignals) {
                    wait = Math.min(wait, untilRestEnds);
                }
                Instant next = retries.peek();
                if (next != null) {
                    wait = Math.min(
                            wait, Duration.between(clock.instant(), next).toNanos() + 1);
                }
                TimeUnit.NANOSECONDS.timedWait(wakeup, wait);
            }
            // What was committed so far, this pass sees.
            coveredSignals = queuedSignals;
            return running;
        }
    }

    /** Whether a known retry is due now; drops those that are, since the pass about to start takes them all. */
    private boolean retryFallenDue() {
        boolean due = false;
        while (!retries.isEmpty() && !retries.peek().isAfter(clock.instant())) {
            retries.poll();
            due = true;
        }
        return due;
    }

    private void passEnded(DispatchPass pass) {
        synchronized (wakeup) {
            backlog = !pass.drained();
            if (backlog) {
                // There may be more: let an idle worker look too.
                wakeup.notify();
            } else if (pass.claimed() > 0) {
                // Sends committed meanwhile gather for the next claim, whichever worker makes it.
                restUntil = System.nanoTime() + gatherNanos;
            }
        }
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
                LOG.warning("delivery workers still busy at shutdown; their sends come back when their lease ends");
            }
            dispatch.recordHeldResultsAtStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
