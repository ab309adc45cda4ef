package io.segmentflow.adapters.in.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.journey.AdvanceJourneyRunsUseCase;
import io.segmentflow.application.journey.RunsDue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An idle Journey worker claims when told of runs due now, and when a wait it was told of ends. */
class JourneyWorkersTest {
    private static final Duration A_VERY_LONG_POLL = Duration.ofHours(1);

    private final List<Thread> started = new CopyOnWriteArrayList<>();
    /** When each claim was made. */
    private final List<Instant> claims = new CopyOnWriteArrayList<>();

    private final Semaphore claimed = new Semaphore(0);
    private final JourneyWorkers workers = new JourneyWorkers();

    @BeforeEach
    void workersOverNoDueRuns() {
        workers.threads = task -> {
            Thread thread = new Thread(task);
            started.add(thread);
            return thread;
        };
        workers.clock = Clock.systemUTC();
        workers.runs = new AdvanceJourneyRunsUseCase() {
            @Override
            public int advanceDue() {
                claims.add(Instant.now());
                claimed.release();
                return 0;
            }

            @Override
            public int claimSize() {
                return 100;
            }

            @Override
            public Optional<Instant> nextDue() {
                // As the store was read before the runs below were committed.
                return Optional.empty();
            }
        };
    }

    @AfterEach
    void stop() {
        workers.stop();
        started.forEach(Thread::interrupt);
    }

    @Test
    void runs_due_now_wake_an_idle_worker_at_once() throws Exception {
        workers.start(2, A_VERY_LONG_POLL);
        assertThat(claimed.tryAcquire(2, 5, TimeUnit.SECONDS))
                .as("each worker's first look")
                .isTrue();

        workers.runsDue(new RunsDue(Instant.now()));

        assertThat(claimed.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_wait_told_of_wakes_an_idle_worker_when_it_ends_not_at_the_next_poll() throws Exception {
        workers.start(2, A_VERY_LONG_POLL);
        assertThat(claimed.tryAcquire(2, 5, TimeUnit.SECONDS)).isTrue();
        Instant ends = Instant.now().plusMillis(400);

        workers.runsDue(new RunsDue(ends));
        // A later one changes nothing: the soonest is what an idle worker sleeps until.
        workers.runsDue(new RunsDue(ends.plusSeconds(3600)));

        assertThat(claimed.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        assertThat(claims.get(claims.size() - 1))
                .as("claimed once the wait ended")
                .isAfterOrEqualTo(ends);
    }
}
