package io.segmentflow.application.fake;

import io.segmentflow.application.acceptance.GroupedAcceptance;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/** The committers' threads in a test: daemons, so that a test that forgets to close its service cannot hang the run. */
public final class DaemonThreads implements ThreadFactory {
    /** Groups as the server makes them, with a time-out a test never meets unless it means to. */
    public static final GroupedAcceptance.Limits GROUPING =
            new GroupedAcceptance.Limits(100, Duration.ofMillis(2), Duration.ofSeconds(10), 1);

    @Override
    public Thread newThread(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        return thread;
    }
}
