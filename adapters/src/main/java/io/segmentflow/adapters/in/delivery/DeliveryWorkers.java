package io.segmentflow.adapters.in.delivery;

import io.segmentflow.application.email.DispatchEmailsUseCase;
import io.segmentflow.application.port.out.DispatchSignal;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The delivery workers: loops on the container's managed threads that drain the outbox. A committed
 * send wakes one at once through {@link #sendsQueued()}; the poll interval is only the safety net
 * (sends due for a retry, sends committed by another node, leases that ran out).
 */
@ApplicationScoped
public class DeliveryWorkers implements DispatchSignal {
    private static final Logger LOG = Logger.getLogger(DeliveryWorkers.class.getName());
    private static final Duration PAUSE_AFTER_ERROR = Duration.ofSeconds(2);
    /** How long a stopping server waits for deliveries in flight, so that their results are recorded. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ExecutorService executor;
    @Inject
    DispatchEmailsUseCase dispatch;

    private final Object wakeup = new Object();
    private long queuedSignals;
    private volatile boolean running;
    private long pollMillis;
    private CountDownLatch stopped = new CountDownLatch(0);

    /** Starts {@code workerCount} workers that look for due sends at least every {@code pollInterval}. */
    public void start(int workerCount, Duration pollInterval) {
        pollMillis = pollInterval.toMillis();
        stopped = new CountDownLatch(workerCount);
        running = true;
        for (int i = 0; i < workerCount; i++) {
            executor.execute(this::work);
        }
        LOG.info(() -> "Delivery started with " + workerCount + " workers");
    }

    @Override
    public void sendsQueued() {
        synchronized (wakeup) {
            queuedSignals++;
            // One idle worker is enough for one send; busy workers see the count change when they finish.
            wakeup.notify();
        }
    }

    private void work() {
        try {
            while (running) {
                long seen;
                synchronized (wakeup) {
                    seen = queuedSignals;
                }
                int claimed;
                try {
                    claimed = dispatch.dispatchDue();
                } catch (Throwable e) {
                    // A worker that died here would silently take its share of delivery with it.
                    LOG.log(Level.SEVERE, "delivery pass failed; retrying shortly", e);
                    pause(PAUSE_AFTER_ERROR.toMillis());
                    continue;
                }
                if (claimed == 0) {
                    idle(pollMillis, seen);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /** Waits up to {@code millis}, unless a send was queued since the signal count was {@code seen}. */
    private void idle(long millis, long seen) throws InterruptedException {
        synchronized (wakeup) {
            if (running && queuedSignals == seen) {
                wakeup.wait(millis);
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
