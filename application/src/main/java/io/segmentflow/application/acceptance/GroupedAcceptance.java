package io.segmentflow.application.acceptance;

import io.segmentflow.application.error.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accepts concurrent requests together: each caller's request waits in line, and a committer takes the line's
 * first requests as one group, which the {@link Work} accepts in one transaction. A caller gets its own answer
 * only once the transaction that holds its request has committed (or failed).
 *
 * <p>A group closes when it holds {@link Limits#maxGroupSize} requests, or once the callers seen lately are all in
 * (as many requests are in line or in the groups being committed as were lately waiting at once: at a steady number
 * of callers no time is lost waiting for one that is not coming, nor for one whose request another committer holds),
 * or once its first request has waited {@link Limits#maxDelay}, whichever comes first; while the committers are all
 * busy it keeps filling. Requests that share a conflict key (an
 * idempotency key) never share a group, nor run beside one another: the later waits for the earlier's commit, so
 * it sees the earlier's answer as a retry does.
 *
 * <p>One request never fails its neighbours: when a group's work fails for anything but an unreachable database,
 * each of its requests is accepted again alone, so the failure reaches only the request that causes it. When the
 * database is unreachable, every request of the group is refused with that {@link StoreUnavailableException}.
 *
 * <p>A request still in line after {@link Limits#maxQueueWait} is taken out of it and refused, never accepted
 * later. {@link #close} stops taking requests, commits those in line, and refuses whatever is left after its grace
 * period: nothing in line is lost or answered before its commit.
 *
 * @param <R> a request
 * @param <O> what becomes of one request, as its caller is answered
 */
public final class GroupedAcceptance<R, O> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GroupedAcceptance.class.getName());

    /**
     * How large and how late a group may be.
     *
     * @param maxGroupSize requests a group holds at most
     * @param maxDelay     how long a group's first request waits for others before the group closes
     * @param maxQueueWait how long a request waits in line, not yet in a group, before it is refused
     * @param committers   groups that may commit at once
     */
    public record Limits(int maxGroupSize, Duration maxDelay, Duration maxQueueWait, int committers) {
        public Limits {
            if (maxGroupSize < 1 || committers < 1) {
                throw new IllegalArgumentException("a group holds at least one request, and one committer at least");
            }
            Objects.requireNonNull(maxDelay);
            Objects.requireNonNull(maxQueueWait);
        }
    }

    /** Accepts a group of requests. */
    @FunctionalInterface
    public interface Work<R, O> {
        /**
         * Accepts {@code requests} in one transaction and returns what became of each, in their order, once it has
         * committed. Refusing one request alone is an outcome, not an exception; an exception fails the group.
         */
        List<O> acceptTogether(List<R> requests);
    }

    private final class Waiting {
        final R request;
        final Object conflictKey;
        final long arrivedNanos = System.nanoTime();
        final CompletableFuture<O> answer = new CompletableFuture<>();

        Waiting(R request) {
            this.request = request;
            this.conflictKey = conflictKeyOf.apply(request);
        }
    }

    private final Limits limits;
    private final Work<R, O> work;
    private final Function<R, Object> conflictKeyOf;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Waiting> line = new ArrayDeque<>();
    /** Conflict keys of the requests in groups that are being accepted. */
    private final Set<Object> keysInGroups = new HashSet<>();

    private final List<Thread> committers = new ArrayList<>();
    private int committing;
    /** Requests in the groups being accepted. */
    private int inGroups;
    /** The most requests waiting at once (in line or in groups) since the last group closed. */
    private int expected = 1;

    private boolean closed;

    /**
     * Starts {@link Limits#committers} committers on threads of {@code threads}.
     *
     * @param conflictKeyOf the key of a request that no other request of its group may share, or null for none
     */
    public GroupedAcceptance(
            String name, Limits limits, Work<R, O> work, Function<R, Object> conflictKeyOf, ThreadFactory threads) {
        this.limits = Objects.requireNonNull(limits);
        this.work = Objects.requireNonNull(work);
        this.conflictKeyOf = Objects.requireNonNull(conflictKeyOf);
        for (int i = 0; i < limits.committers(); i++) {
            Thread committer = threads.newThread(this::commitGroups);
            committer.setName(name + "-" + (i + 1));
            committers.add(committer);
        }
        committers.forEach(Thread::start);
    }

    /**
     * Accepts {@code request} with the others waiting at the same time, and returns what became of it once the
     * transaction that holds it has committed.
     *
     * @throws StoreUnavailableException the database cannot be reached, the request waited in line too long, or
     *                                   this is closing: it was not accepted
     * @throws RuntimeException          what the work threw for this request alone
     */
    public O accept(R request) {
        Waiting waiting = new Waiting(request);
        lock.lock();
        try {
            if (closed) {
                throw stopping();
            }
            line.addLast(waiting);
            expected = Math.max(expected, line.size() + inGroups);
            arrived.signal();
        } finally {
            lock.unlock();
        }
        try {
            return answerOf(waiting);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("accepting failed", e.getCause());
        }
    }

    /** Requests waiting in line, not yet in a group. */
    public int waiting() {
        lock.lock();
        try {
            return line.size();
        } finally {
            lock.unlock();
        }
    }

    private O answerOf(Waiting waiting) throws ExecutionException {
        boolean interrupted = false;
        try {
            try {
                return waiting.answer.get(limits.maxQueueWait().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | InterruptedException e) {
                interrupted = e instanceof InterruptedException;
                lock.lock();
                try {
                    if (line.remove(waiting)) {
                        throw new StoreUnavailableException(
                                "not accepted: waited " + limits.maxQueueWait().toMillis() + " ms for the database",
                                null);
                    }
                } finally {
                    lock.unlock();
                }
            }
            // In a group already: its transaction decides, and its caller hears only what it decided.
            while (true) {
                try {
                    return waiting.answer.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void commitGroups() {
        while (true) {
            List<Waiting> group;
            lock.lock();
            try {
                group = nextGroup();
                if (group == null) {
                    return;
                }
                committing++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                acceptAndAnswer(group);
            } finally {
                lock.lock();
                try {
                    committing--;
                    inGroups -= group.size();
                    group.forEach(w -> keysInGroups.remove(w.conflictKey));
                    // Requests that waited for these keys may go now; a closing server waits for the line to empty.
                    arrived.signalAll();
                    idle.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Waits for a group and takes it out of the line; null once closed with nothing left in line. */
    private List<Waiting> nextGroup() throws InterruptedException {
        while (true) {
            int ready = eligible();
            if (ready == 0) {
                if (closed && line.isEmpty()) {
                    return null;
                }
                arrived.await();
                continue;
            }
            long wait = line.peekFirst().arrivedNanos + limits.maxDelay().toNanos() - System.nanoTime();
            // Callers whose requests another committer holds are in, and cannot join this group: not waited for.
            if (ready >= limits.maxGroupSize() || ready + inGroups >= expected || wait <= 0 || closed) {
                return take();
            }
            arrived.awaitNanos(wait);
        }
    }

    /** How many requests in line could join a group now, up to a group's size. */
    private int eligible() {
        return walk(false).size();
    }

    private List<Waiting> take() {
        List<Waiting> group = walk(true);
        inGroups += group.size();
        expected = Math.max(1, line.size() + inGroups);
        group.forEach(w -> {
            if (w.conflictKey != null) {
                keysInGroups.add(w.conflictKey);
            }
        });
        return group;
    }

    /** The first requests of the line, in order, passing over those whose key is taken by an earlier one. */
    private List<Waiting> walk(boolean remove) {
        List<Waiting> group = new ArrayList<>();
        Set<Object> keys = new HashSet<>();
        for (Iterator<Waiting> it = line.iterator(); it.hasNext() && group.size() < limits.maxGroupSize(); ) {
            Waiting w = it.next();
            if (w.conflictKey == null || (!keysInGroups.contains(w.conflictKey) && keys.add(w.conflictKey))) {
                group.add(w);
                if (remove) {
                    it.remove();
                }
            }
        }
        return group;
    }

    private void acceptAndAnswer(List<Waiting> group) {
        try {
            answer(group, work.acceptTogether(requestsOf(group)));
        } catch (StoreUnavailableException e) {
            group.forEach(w -> w.answer.completeExceptionally(e));
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).answer.completeExceptionally(e);
                return;
            }
            // One of them may be the cause: each is tried alone, so only that one fails.
            LOG.log(Level.FINE, "a group of " + group.size() + " failed; accepting its requests one by one", e);
            for (Waiting w : group) {
                try {
                    answer(List.of(w), work.acceptTogether(List.of(w.request)));
                } catch (RuntimeException alone) {
                    w.answer.completeExceptionally(alone);
                }
            }
        } catch (Error e) {
            group.forEach(w -> w.answer.completeExceptionally(new IllegalStateException("accepting failed", e)));
            throw e;
        }
    }

    private List<R> requestsOf(List<Waiting> group) {
        List<R> requests = new ArrayList<>(group.size());
        group.forEach(w -> requests.add(w.request));
        return requests;
    }

    private void answer(List<Waiting> group, List<O> outcomes) {
        if (outcomes.size() != group.size()) {
            throw new IllegalStateException(
                    "a group of " + group.size() + " requests got " + outcomes.size() + " outcomes");
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).answer.complete(outcomes.get(i));
        }
    }

    /**
     * Takes no more requests, accepts those in line, and waits up to {@code grace} for their groups to commit;
     * whatever is still in line then is refused. Returns whether the line emptied in time.
     */
    public boolean close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
            while (!line.isEmpty() || committing > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                idle.awaitNanos(left);
            }
            boolean emptied = line.isEmpty();
            for (Waiting w : line) {
                w.answer.completeExceptionally(stopping());
            }
            line.clear();
            return emptied;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line.forEach(w -> w.answer.completeExceptionally(stopping()));
            line.clear();
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(20));
    }

    private static StoreUnavailableException stopping() {
        return new StoreUnavailableException("not accepted: the server is stopping", null);
    }
}
