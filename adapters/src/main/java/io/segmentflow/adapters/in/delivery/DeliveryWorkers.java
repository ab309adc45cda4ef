package io.segmentflow.adapters.in.delivery;

import io.segmentflow.application.email.DispatchEmailsUseCase;
import io.segmentflow.application.port.out.DispatchSignal;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The delivery workers: loops on the container's managed threads that drain the outbox. A committed
 * send wakes them at once through {@link #sendsQueued()}; the poll interval is only the safety net
 * (sends due for a retry, sends committed by another node, leases that ran out).
 */
@ApplicationScoped
public class DeliveryWorkers implements DispatchSignal {
    private static final Logger LOG = Logger.getLogger(DeliveryWorkers.class.getName());
    private static final Duration PAUSE_AFTER_ERROR = Duration.ofSeconds(2);

    @Resource
    ManagedExecutorService executor;
    @Inject
    DispatchEmailsUseCase dispatch;

    private final Object wakeup = new Object();
    private long queuedSignals;
    private volatile boolean running;
    private long pollMillis;

    /** Starts {@code workerCount} workers that look for due sends at least every {@code pollInterval}. */
    public void start(int workerCount, Duration pollInterval) {
        pollMillis = pollInterval.toMillis();
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
        while (running) {
            long seen;
            synchronized (wakeup) {
                seen = queuedSignals;
            }
            int claimed;
            try {
                claimed = dispatch.dispatchDue();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "delivery pass failed; retrying shortly", e);
                pause(PAUSE_AFTER_ERROR.toMillis());
                continue;
            }
            if (claimed == 0) {
                synchronized (wakeup) {
                    // A signal that came while we were claiming means there may be work already.
                    if (running && queuedSignals == seen) {
                        waitFor(pollMillis);
                    }
                }
            }
        }
    }

    private void waitFor(long millis) {
        try {
            wakeup.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void pause(long millis) {
        synchronized (wakeup) {
            if (running) {
                waitFor(millis);
            }
        }
    }

    @PreDestroy
    public void stop() {
        running = false;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }
}
