package io.segmentflow.adapters.in.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.email.DeliveryDue;
import io.segmentflow.application.email.DispatchEmailsUseCase;
import io.segmentflow.application.email.DispatchPass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workers deliver a queued send at once, not at their next poll, and survive a failing pass. */
class DeliveryWorkersTest {
    private static final Duration A_VERY_LONG_POLL = Duration.ofHours(1);

    private final List<Thread> started = new CopyOnWriteArrayList<>();
    private final AtomicInteger due = new AtomicInteger();
    private final AtomicInteger passes = new AtomicInteger();
    private final Semaphore delivered = new Semaphore(0);
    private final DeliveryWorkers workers = new DeliveryWorkers();

    @BeforeEach
    void workersOverAnOutbox() {
        workers.threads = task -> {
            Thread thread = new Thread(task);
            started.add(thread);
            return thread;
        };
        workers.clock = Clock.systemUTC();
        workers.dispatch = outbox(() -> {
            passes.incrementAndGet();
            if (due.get() > 0 && due.getAndDecrement() > 0) {
                delivered.release();
                return 1;
            }
            return 0;
        });
    }

    @AfterEach
    void stop() {
        workers.stop();
        started.forEach(Thread::interrupt);
    }

    @Test
    void a_queued_send_is_dispatched_at_once_not_at_the_next_poll() throws Exception {
        workers.start(2, A_VERY_LONG_POLL, Duration.ZERO);
        awaitIdle();

        queueSends(1);

        assertThat(delivered.tryAcquire(5, TimeUnit.SECONDS))
                .as("dispatched within seconds of the signal")
                .isTrue();
    }

    @Test
    void a_signal_during_a_pass_is_not_lost() throws Exception {
        workers.start(1, A_VERY_LONG_POLL, Duration.ZERO);
        awaitIdle();

        queueSends(50);

        assertThat(delivered.tryAcquire(50, 5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_deferred_send_is_dispatched_when_it_falls_due_not_at_the_next_poll() throws Exception {
        workers.start(2, A_VERY_LONG_POLL, Duration.ZERO);
        awaitIdle();
        int passesBefore = passes.get();

        due.incrementAndGet();
        workers.retryDue(new DeliveryDue.RetryDue(Instant.now().plusMillis(300)));

        assertThat(delivered.tryAcquire(5, TimeUnit.SECONDS))
                .as("dispatched when the retry fell due")
                .isTrue();
        assertThat(passes.get() - passesBefore).as("no busy waiting until then").isLessThan(10);
    }

    @Test
    void a_backlog_gets_every_worker_not_only_the_one_woken() throws Exception {
        Set<String> busyThreads = ConcurrentHashMap.newKeySet();
        CountDownLatch allBusy = new CountDownLatch(3);
        workers.dispatch = outbox(() -> {
            passes.incrementAndGet();
            if (due.get() > 0 && due.getAndDecrement() > 0) {
                if (busyThreads.add(Thread.currentThread().getName())) {
                    allBusy.countDown();
                }
                // a slow delivery, so that one worker alone could not take the whole backlog
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                return 1;
            }
            return 0;
        });
        workers.start(3, A_VERY_LONG_POLL, Duration.ZERO);
        awaitIdle();

        due.set(300);
        workers.sendsQueued(new DeliveryDue.SendsQueued());

        assertThat(allBusy.await(5, TimeUnit.SECONDS))
                .as("all three workers took part")
                .isTrue();
    }

    @Test
    void after_a_claim_that_took_everything_due_the_sends_queued_meanwhile_gather_for_one_claim() throws Exception {
        List<Integer> claims = restingAfterAClaimOfOne(1);

        queueSends(5);

        assertThat(delivered.tryAcquire(5, 5, TimeUnit.SECONDS)).isTrue();
        assertThat(claims)
                .as("the five sends queued while the worker rested went out in one claim")
                .containsExactly(1, 5);
    }

    @Test
    void sends_committed_one_by_one_while_the_workers_rest_go_out_in_one_claim_not_one_each() throws Exception {
        List<Integer> claims = restingAfterAClaimOfOne(3);

        for (int i = 0; i < 5; i++) {
            // commits apart in time, each waking an idle worker
            Thread.sleep(20);
            queueSends(1);
        }

        assertThat(delivered.tryAcquire(5, 5, TimeUnit.SECONDS)).isTrue();
        assertThat(claims)
                .as("the two idle workers did not claim each commit's send on its own")
                .containsExactly(1, 5);
    }

    @Test
    void a_pass_that_throws_does_not_end_the_worker() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        workers.dispatch = outbox(() -> {
            if (failures.getAndIncrement() == 0) {
                throw new StackOverflowError("a template too deep");
            }
            delivered.release();
            return 0;
        });

        workers.start(1, Duration.ofMillis(50), Duration.ZERO);

        assertThat(delivered.tryAcquire(10, TimeUnit.SECONDS))
                .as("the worker carried on after the error")
                .isTrue();
    }

    @Test
    void stop_waits_for_the_workers_to_finish() throws Exception {
        workers.start(3, A_VERY_LONG_POLL, Duration.ZERO);
        awaitIdle();

        workers.stop();

        for (Thread thread : started) {
            thread.join(100);
        }
        assertThat(started).hasSize(3).noneMatch(Thread::isAlive);
    }

    /**
     * An outbox whose passes claim as many sends as {@code pass} says, each claim full (there may be more), and that
     * holds no results at a stop.
     */
    private static DispatchEmailsUseCase outbox(IntSupplier pass) {
        return passes(() -> {
            int claimed = pass.getAsInt();
            return claimed == 0 ? DispatchPass.NOTHING_DUE : new DispatchPass(claimed, false);
        });
    }

    private static DispatchEmailsUseCase passes(Supplier<DispatchPass> pass) {
        return new DispatchEmailsUseCase() {
            @Override
            public DispatchPass dispatchDue() {
                return pass.get();
            }

            @Override
            public List<String> recordHeldResultsAtStop() {
                return List.of();
            }
        };
    }

    /** Commits {@code count} sends, each with its signal, as the accepting does. */
    private void queueSends(int count) {
        for (int i = 0; i < count; i++) {
            due.incrementAndGet();
            workers.sendsQueued(new DeliveryDue.SendsQueued());
        }
    }

    /** An outbox whose every pass claims all that is due; answers the sizes of the claims that took any. */
    private List<Integer> claimingEverythingDue() {
        List<Integer> claims = new CopyOnWriteArrayList<>();
        workers.dispatch = passes(() -> {
            passes.incrementAndGet();
            int claimed = due.getAndSet(0);
            if (claimed > 0) {
                claims.add(claimed);
                delivered.release(claimed);
            }
            return new DispatchPass(claimed, true);
        });
        return claims;
    }

    /**
     * Starts {@code workerCount} workers over an outbox whose claims take everything due, resting half a second after
     * such a claim, and has them deliver one send: they rest from now. Answers the sizes of the claims so far.
     */
    private List<Integer> restingAfterAClaimOfOne(int workerCount) throws InterruptedException {
        List<Integer> claims = claimingEverythingDue();
        workers.start(workerCount, A_VERY_LONG_POLL, Duration.ofMillis(500));
        awaitIdle();
        queueSends(1);
        assertThat(delivered.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        return claims;
    }

    private void awaitIdle() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (passes.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(passes.get()).isPositive();
    }
}
