package io.segmentflow.domain.audience;

import io.segmentflow.domain.shared.IllegalTransitionException;
import java.util.Locale;

/** A confirmation link that was already used, or has expired: it starts nothing. */
public class ConfirmationRefusedException extends IllegalTransitionException {
    /** Why; the wire name is the lower-case constant name. */
    public enum Reason {
        USED,
        EXPIRED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public ConfirmationRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
