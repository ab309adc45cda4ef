package io.segmentflow.domain.event;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.regex.Pattern;

/**
 * The name of a business event, such as {@code order.created} or {@code password_reset.requested}: 1 to 100
 * characters, letters, digits, {@code . _ - :}, starting with a letter or digit. Names are case-sensitive.
 */
public record EventName(String value) {
    public static final int MAX_LENGTH = 100;
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_LENGTH - 1) + "}");

    public EventName {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new InvalidValueException(
                    "event",
                    "must be 1 to " + MAX_LENGTH + " letters, digits, '.', '_', '-' or ':', starting with a letter"
                            + " or digit");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
