package io.segmentflow.domain.operator;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An operator's email address, the name they sign in with: compared without regard to case, so it is kept in lower
 * case. Only plain addresses ({@code name@host}) are taken: no spaces, line breaks, quotes, brackets or colons.
 */
public record OperatorEmail(String value) {
    public static final int MAX_LENGTH = 254;

    private static final Pattern PLAIN = Pattern.compile("[^\\s@:;,<>()\\[\\]\"\\\\]+@[^\\s@:;,<>()\\[\\]\"\\\\]+");

    public OperatorEmail {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("email", "must not be blank");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException("email", "must be at most " + MAX_LENGTH + " characters");
        }
        if (!PLAIN.matcher(value).matches()) {
            throw new InvalidValueException("email", "must be an email address such as name@example.com");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
