package io.segmentflow.adapters.in.schedule;

import io.segmentflow.application.broadcast.StartDueSendsUseCase;
import io.segmentflow.application.error.StoreUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts scheduled Broadcasts and NewsletterIssues when their time comes: one worker on a managed thread claims the
 * due ones (skipping those another node holds) every poll interval, and again at once after a full claim. A send
 * starts within one interval of its time; a scheduled time is minutes or days ahead, so that is soon enough.
 */
@ApplicationScoped
public class SendScheduler {
    private static final Logger LOG = Logger.getLogger(SendScheduler.class.getName());
    private static final Duration PAUSE_AFTER_ERROR = Duration.ofSeconds(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** A thread of its own, as for delivery: a worker that never returns must not hold the request pool's threads. */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ThreadFactory threads;

    @Inject
    StartDueSendsUseCase sends;

    private final Object wakeup = new Object();
    private volatile boolean running;
    private final AtomicBoolean databaseAway = new AtomicBoolean();
    private long pollMillis;
    private CountDownLatch stopped = new CountDownLatch(0);

    public void start(Duration pollInterval) {
        pollMillis = pollInterval.toMillis();
        stopped = new CountDownLatch(1);
        running = true;
        Thread worker = threads.newThread(this::work);
        worker.setName("segmentflow-send-scheduler");
        worker.start();
        LOG.info(() -> "Scheduled audience sends are started every " + pollMillis + " ms at most after their time");
    }

    private void work() {
        try {
            while (running) {
                int claimed;
                try {
                    claimed = sends.startDue();
                    if (databaseAway.compareAndSet(true, false)) {
                        LOG.info("the database answers again: scheduled sends start again");
                    }
                } catch (StoreUnavailableException e) {
                    if (databaseAway.compareAndSet(false, true)) {
                        LOG.warning(() -> "scheduled sends wait for the database: " + e.getMessage());
                    }
                    pause(PAUSE_AFTER_ERROR.toMillis());
                    continue;
                } catch (Throwable e) {
                    LOG.log(Level.SEVERE, "a pass over due audience sends failed; retrying shortly", e);
                    pause(PAUSE_AFTER_ERROR.toMillis());
                    continue;
                }
                if (claimed > 0) {
                    LOG.info(() -> "Started " + claimed + " scheduled audience sends");
                }
                if (claimed < sends.claimSize()) {
                    pause(pollMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
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
                LOG.warning("the send scheduler is still busy at shutdown; its claims roll back and are taken again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
