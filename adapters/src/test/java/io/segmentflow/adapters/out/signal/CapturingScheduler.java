package io.segmentflow.adapters.out.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A scheduler that runs nothing by itself: it keeps each task, for the test to look at and run when it chooses. */
final class CapturingScheduler extends ScheduledThreadPoolExecutor {
    /** A task and how long after it was handed over it was meant to run. */
    record Task(Runnable task, long delayNanos) {}

    private final List<Task> tasks = new ArrayList<>();

    CapturingScheduler() {
        super(0);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        tasks.add(new Task(command, unit.toNanos(delay)));
        return null;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    List<Task> tasks() {
        return tasks;
    }
}
