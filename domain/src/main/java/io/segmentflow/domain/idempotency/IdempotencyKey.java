package io.segmentflow.domain.idempotency;

import io.segmentflow.domain.shared.InvalidValueException;

/**
 * A caller's name for one logical request (1-255 printable ASCII characters), scoped to the workspace
 * of the API key that sent it: a retry with the same key gets the first answer and creates nothing.
 */
public record IdempotencyKey(String value) {
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw new InvalidValueException("Idempotency-Key", "is required (1-255 printable ASCII characters)");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException("Idempotency-Key", "must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new InvalidValueException("Idempotency-Key", "must be printable ASCII without spaces");
            }
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
