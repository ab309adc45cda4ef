package io.segmentflow.domain.audience;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Locale;

/** A Profile's consent to one subscription group; the wire name is the lower-case constant name. */
public enum ConsentStatus {
    SUBSCRIBED,
    UNSUBSCRIBED,
    /** The Profile never said either way. */
    NEVER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConsentStatus fromWire(String value) {
        for (ConsentStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new InvalidValueException("status", "must be one of: subscribed, unsubscribed, never");
    }
}
