package io.segmentflow.application.statistics;

import java.util.Locale;

/**
 * What can happen to an EmailSend in a minute: accepted into the outbox, sent (the relay took it), deferred (an
 * attempt failed for now and another follows), failed for good, skipped (its recipient must not get it). A send is
 * accepted once and ends once, but may be deferred several times. The wire name is the lower-case constant name.
 */
public enum SendEvent {
    ACCEPTED,
    SENT,
    DEFERRED,
    FAILED,
    SKIPPED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
