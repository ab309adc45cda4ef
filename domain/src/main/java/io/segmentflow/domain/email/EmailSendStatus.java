package io.segmentflow.domain.email;

import java.util.Locale;

/** Where an EmailSend is in its life; the wire name is the lower-case constant name. */
public enum EmailSendStatus {
    QUEUED,
    PROCESSING,
    SENT,
    FAILED,
    SKIPPED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == SENT || this == FAILED || this == SKIPPED;
    }
}
