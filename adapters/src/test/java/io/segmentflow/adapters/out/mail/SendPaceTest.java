package io.segmentflow.adapters.out.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SendPaceTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A clock that only moves when the pace sleeps, so each slot's time is exact. */
    private long now = 1_000 * MS;

    private final List<Long> slots = new ArrayList<>();

    private SendPace pace(double perSecond) {
        return new SendPace(perSecond, () -> now, nanos -> now += nanos);
    }

    private void send(SendPace pace, int messages) throws InterruptedException {
        for (int i = 0; i < messages; i++) {
            pace.awaitSlot();
            slots.add(now);
        }
    }

    @Test
    void messages_are_spaced_evenly_at_the_rate() throws InterruptedException {
        send(pace(50), 101);

        assertThat(slots.get(100) - slots.get(0)).isEqualTo(2_000 * MS);
        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i) - slots.get(i - 1)).isEqualTo(20 * MS);
        }
    }

    @Test
    void the_first_message_goes_at_once() throws InterruptedException {
        send(pace(1), 1);

        assertThat(slots).containsExactly(1_000 * MS);
    }

    @Test
    void an_idle_spell_earns_no_burst_afterwards() throws InterruptedException {
        SendPace pace = pace(10);
        send(pace, 1);
        now += 5_000 * MS;

        send(pace, 3);

        assertThat(slots.subList(1, 4)).containsExactly(6_000 * MS, 6_100 * MS, 6_200 * MS);
    }

    @Test
    void threads_share_one_pace() throws Exception {
        SendPace pace = new SendPace(200);
        long start = System.nanoTime();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        pace.awaitSlot();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        // 40 slots 5 ms apart: the last cannot come before 195 ms, whatever the threads do.
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(195 * MS);
    }

    @Test
    void a_rate_must_be_positive() {
        assertThatThrownBy(() -> new SendPace(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendPace(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
