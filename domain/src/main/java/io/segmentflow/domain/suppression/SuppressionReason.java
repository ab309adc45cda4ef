package io.segmentflow.domain.suppression;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Locale;

/**
 * Why an address is on the suppression list. Delivery adds {@code hard_bounce} (and later
 * {@code complaint}); an operator adds {@code manual}. The wire name is the lower-case constant name.
 */
public enum SuppressionReason {
    HARD_BOUNCE,
    COMPLAINT,
    MANUAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SuppressionReason fromWire(String value) {
        for (SuppressionReason reason : values()) {
            if (reason.wireName().equals(value)) {
                return reason;
            }
        }
        throw new InvalidValueException("reason", "must be one of: hard_bounce, complaint, manual");
    }
}
