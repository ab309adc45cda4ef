package io.segmentflow.application.error;

import java.time.Duration;

/** A client address failed to authenticate too often: it is refused, unheard, until {@code retryAfter} passes. */
public class TooManyFailuresException extends ApplicationException {
    private final Duration retryAfter;

    public TooManyFailuresException(Duration retryAfter) {
        super(
                "too_many_requests",
                "too many requests with an unknown or revoked API key from this address;" + " retry after "
                        + seconds(retryAfter) + " seconds");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** The wait in whole seconds, rounded up, as HTTP's {@code Retry-After} gives it: at least 1. */
    public long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
