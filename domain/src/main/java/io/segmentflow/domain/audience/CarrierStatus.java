package io.segmentflow.domain.audience;

import java.util.Locale;

/**
 * Where a Broadcast or a NewsletterIssue is: {@code draft -> scheduled | awaiting_confirmation -> sending -> sent},
 * or {@code cancelled} (before its fan-out starts), or {@code failed}. The wire name is the lower-case constant name.
 */
public enum CarrierStatus {
    DRAFT,
    SCHEDULED,
    /** A person was handed a confirmation link; the send starts when they confirm. */
    AWAITING_CONFIRMATION,
    /** Its fan-out writes EmailSends. */
    SENDING,
    SENT,
    CANCELLED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CarrierStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** Whether the fan-out has not started yet: the only time a carrier can still be cancelled. */
    public boolean beforeFanOut() {
        return this == DRAFT || this == SCHEDULED || this == AWAITING_CONFIRMATION;
    }
}
