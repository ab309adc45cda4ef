package io.segmentflow.domain.email;

import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A deliverable mailbox address ({@code local@domain}). It refuses anything that could break out of an
 * SMTP command or a mail header: CR, LF and every other control character, quoted local parts,
 * comments and source routes. The domain part is kept in lower case; the local part as given.
 */
public record EmailAddress(String value) {
    public static final int MAX_LENGTH = 254;
    private static final Pattern LOCAL_PART =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    public EmailAddress {
        value = normalize(value);
    }

    public static EmailAddress of(String value) {
        return new EmailAddress(value);
    }

    public String domain() {
        return value.substring(value.lastIndexOf('@') + 1);
    }

    private static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidValueException("email", "must not be blank");
        }
        if (HeaderText.hasControlCharacters(raw)) {
            throw new InvalidValueException("email", "must not contain control characters such as CR or LF");
        }
        String trimmed = raw.strip();
        if (trimmed.length() > MAX_LENGTH) {
            throw new InvalidValueException("email", "must be at most " + MAX_LENGTH + " characters");
        }
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            throw new InvalidValueException("email", "must look like name@example.com");
        }
        String local = trimmed.substring(0, at);
        String domain = trimmed.substring(at + 1);
        if (local.length() > 64 || !LOCAL_PART.matcher(local).matches()) {
            throw new InvalidValueException("email", "has an invalid part before the @");
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw new InvalidValueException("email", "has an invalid domain");
        }
        return local + "@" + domain.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
