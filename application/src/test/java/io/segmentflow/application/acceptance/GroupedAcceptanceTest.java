package io.segmentflow.application.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.StoreUnavailableException;
import io.segmentflow.application.fake.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The grouping on its own, with a work that records each group it accepts. A request is a text; "bad" fails any
 * group it is in, "down" finds the database unreachable; a request "key:..." shares its conflict key with every
 * other request of that text.
 */
class GroupedAcceptanceTest {
    private static final Duration LONG = Duration.ofSeconds(10);
    /** The longest delay of a group where the test is not about it: callers that were answered do not come back. */
    private static final Duration SHORT = Duration.ofMillis(100);

    /** The groups as the work saw them, in the order it was asked to accept them. */
    private final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
    /** Groups commit only as the test lets them, when it gives a gate. */
    private final BlockingQueue<CountDownLatch> gates = new LinkedBlockingQueue<>();

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private GroupedAcceptance<String, String> acceptance;

    private GroupedAcceptance<String, String> start(int maxGroupSize, Duration maxDelay, Duration maxQueueWait) {
        return start(maxGroupSize, maxDelay, maxQueueWait, 1);
    }

    private GroupedAcceptance<String, String> start(
            int maxGroupSize, Duration maxDelay, Duration maxQueueWait, int committers) {
        acceptance = new GroupedAcceptance<>(
                "test-accept",
                new GroupedAcceptance.Limits(maxGroupSize, maxDelay, maxQueueWait, committers),
                this::acceptTogether,
                request -> request.startsWith("key:") ? request : null,
                new DaemonThreads());
        return acceptance;
    }

    private List<String> acceptTogether(List<String> requests) {
        groups.add(List.copyOf(requests));
        CountDownLatch gate = gates.poll();
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (requests.contains("down")) {
            throw new StoreUnavailableException("connection refused", null);
        }
        if (requests.contains("bad")) {
            throw new IllegalArgumentException("bad request in group " + requests);
        }
        return requests.stream()
                .map(r -> "accepted " + r + " in a group of " + requests.size())
                .toList();
    }

    private Future<String> submit(String request) {
        return callers.submit(() -> acceptance.accept(request));
    }

    /** Holds the next group in its transaction until the returned latch is counted down. */
    private CountDownLatch holdNextGroup() {
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        return gate;
    }

    private void awaitWaiting(int count) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (acceptance.waiting() < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(acceptance.waiting()).as("requests in line").isEqualTo(count);
    }

    private void awaitGroups(int count) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (groups.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(groups).as("groups accepted").hasSizeGreaterThanOrEqualTo(count);
    }

    @AfterEach
    void stop() {
        if (acceptance != null) {
            acceptance.close(Duration.ofSeconds(5));
        }
        callers.shutdownNow();
    }

    @Test
    void requests_that_arrive_while_a_group_commits_are_accepted_together_in_their_order_of_arrival() throws Exception {
        start(100, SHORT, LONG);
        CountDownLatch first = holdNextGroup();
        Future<String> a = submit("a");
        awaitGroups(1);
        List<Future<String>> next = new ArrayList<>();
        for (String r : List.of("b", "c", "d")) {
            next.add(submit(r));
            awaitWaiting(next.size()); // one after the other, so their order of arrival is known
        }
        first.countDown();

        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("accepted a in a group of 1");
        for (Future<String> f : next) {
            assertThat(f.get(5, TimeUnit.SECONDS)).endsWith("in a group of 3");
        }
        assertThat(groups).containsExactly(List.of("a"), List.of("b", "c", "d"));
    }

    @Test
    void a_caller_is_answered_only_after_the_commit_that_holds_its_request() throws Exception {
        start(100, Duration.ZERO, LONG);
        CountDownLatch gate = holdNextGroup();
        Future<String> a = submit("a");
        awaitGroups(1);

        Thread.sleep(50);
        assertThat(a).as("answered while its group was still committing").isNotDone();
        gate.countDown();
        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("accepted a in a group of 1");
    }

    @Test
    void a_group_closes_at_its_largest_size_and_the_rest_wait_for_the_next() throws Exception {
        start(2, SHORT, LONG);
        CountDownLatch first = holdNextGroup();
        Future<String> a = submit("a");
        awaitGroups(1);
        List<Future<String>> rest = new ArrayList<>();
        for (String r : List.of("b", "c", "d", "e")) {
            rest.add(submit(r));
            awaitWaiting(rest.size());
        }
        first.countDown();
        for (Future<String> f : rest) {
            f.get(5, TimeUnit.SECONDS);
        }
        a.get(5, TimeUnit.SECONDS);

        assertThat(groups).containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"));
    }

    @Test
    void a_group_that_waits_for_a_caller_who_does_not_come_closes_after_the_longest_delay() throws Exception {
        start(100, Duration.ofMillis(200), LONG);
        // Two requests were waiting at once, so the next group waits for a second request: none comes.
        CountDownLatch gate = holdNextGroup();
        Future<String> a = submit("a");
        awaitGroups(1);
        Future<String> b = submit("b");
        awaitWaiting(1);
        gate.countDown();

        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("accepted a in a group of 1");
        assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("accepted b in a group of 1");
        // Now one request at a time is all that comes: the next does not wait at all for another.
        CountDownLatch third = holdNextGroup();
        Future<String> c = submit("c");
        awaitGroups(3);
        third.countDown();
        assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("accepted c in a group of 1");
    }

    @Test
    void a_free_committer_does_not_wait_for_a_caller_whose_request_another_committer_holds() throws Exception {
        start(100, LONG, LONG, 2);
        CountDownLatch first = holdNextGroup();
        Future<String> a = submit("a");
        awaitGroups(1);
        // Two callers were in at once, a and b; a is in the group being committed, so no one else is to come.
        Future<String> b = submit("b");

        assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("accepted b in a group of 1");
        assertThat(a).as("still committing").isNotDone();
        first.countDown();
        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("accepted a in a group of 1");
    }

    @Test
    void one_bad_request_fails_alone_and_its_neighbours_are_accepted() throws Exception {
        start(100, SHORT, LONG);
        CountDownLatch first = holdNextGroup();
        Future<String> a = submit("a");
        awaitGroups(1);
        Future<String> b = submit("b");
        Future<String> bad = submit("bad");
        Future<String> c = submit("c");
        awaitWaiting(3);
        first.countDown();

        assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("accepted b in a group of 1");
        assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("accepted c in a group of 1");
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[bad]");
        a.get(5, TimeUnit.SECONDS);
        assertThat(groups.get(1)).containsExactlyInAnyOrder("b", "bad", "c");
        assertThat(groups.subList(2, groups.size()))
                .containsExactlyInAnyOrder(List.of("b"), List.of("bad"), List.of("c"));
    }

    @Test
    void an_unreachable_database_refuses_the_whole_group_without_trying_each_alone() throws Exception {
        start(100, SHORT, LONG);
        CountDownLatch first = holdNextGroup();
        Future<String> a = submit("a");
        awaitGroups(1);
        Future<String> b = submit("b");
        Future<String> down = submit("down");
        awaitWaiting(2);
        first.countDown();

        assertThatThrownBy(() -> b.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> down.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
        a.get(5, TimeUnit.SECONDS);
        assertThat(groups).hasSize(2);
    }

    @Test
    void requests_with_the_same_key_never_share_a_group_the_later_waits_for_the_earlier_to_commit() throws Exception {
        start(100, Duration.ofMillis(20), LONG, 2);
        CountDownLatch first = holdNextGroup();
        Future<String> one = submit("key:k1");
        awaitGroups(1);
        Future<String> two = submit("key:k1");
        Future<String> other = submit("x");

        assertThat(other.get(5, TimeUnit.SECONDS))
                .as("another key goes on beside the first")
                .isEqualTo("accepted x in a group of 1");
        Thread.sleep(50);
        assertThat(two).as("the same key waits for the first's commit").isNotDone();
        assertThat(groups).containsExactly(List.of("key:k1"), List.of("x"));
        first.countDown();

        one.get(5, TimeUnit.SECONDS);
        two.get(5, TimeUnit.SECONDS);
        assertThat(groups).containsExactly(List.of("key:k1"), List.of("x"), List.of("key:k1"));
    }

    @Test
    void a_request_that_waited_in_line_too_long_is_refused_and_never_accepted_later() throws Exception {
        start(1, Duration.ZERO, Duration.ofMillis(100));
        CountDownLatch gate = holdNextGroup();
        Future<String> a = submit("a");
        awaitGroups(1);
        Future<String> late = submit("late");

        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("waited 100 ms");
        gate.countDown();
        assertThat(a.get(5, TimeUnit.SECONDS))
                .as("its group had begun: it waits for the commit, however long")
                .isEqualTo("accepted a in a group of 1");
        acceptance.close(Duration.ofSeconds(5));
        assertThat(groups).containsExactly(List.of("a"));
    }

    @Test
    void closing_accepts_the_requests_in_line_first_and_refuses_new_ones() throws Exception {
        start(100, SHORT, LONG);
        CountDownLatch gate = holdNextGroup();
        Future<String> a = submit("a");
        awaitGroups(1);
        Future<String> b = submit("b");
        Future<String> c = submit("c");
        awaitWaiting(2);

        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> acceptance.close(LONG));
        Thread.sleep(50);
        assertThat(closing).as("closing waits for the line").isNotDone();
        gate.countDown();

        assertThat(closing.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(a.get()).isEqualTo("accepted a in a group of 1");
        assertThat(b.get()).isEqualTo("accepted b in a group of 2");
        assertThat(c.get()).isEqualTo("accepted c in a group of 2");
        assertThatThrownBy(() -> acceptance.accept("d"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("stopping");
        assertThat(groups).hasSize(2);
        assertThat(groups.get(1)).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void closing_refuses_what_is_still_in_line_after_the_grace_period_and_never_accepts_it() throws Exception {
        start(1, Duration.ZERO, LONG);
        CountDownLatch gate = holdNextGroup();
        Future<String> a = submit("a");
        awaitGroups(1);
        Future<String> b = submit("b");
        awaitWaiting(1);

        assertThat(acceptance.close(Duration.ofMillis(50))).isFalse();
        assertThatThrownBy(() -> b.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("stopping");
        assertThat(a).as("its group had begun: it is answered after its commit").isNotDone();
        gate.countDown();
        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("accepted a in a group of 1");
        Thread.sleep(50);
        assertThat(groups).containsExactly(List.of("a"));
    }
}
