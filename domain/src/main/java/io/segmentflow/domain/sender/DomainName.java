package io.segmentflow.domain.sender;

import io.segmentflow.domain.shared.DnsLabel;
import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Locale;

/**
 * A fully qualified DNS name in ASCII (an internationalised name is written in its {@code xn--} form), lower case,
 * without the root's trailing dot: at least two labels of letters, digits and hyphens, each 1 to 63 characters and
 * neither starting nor ending with a hyphen, 253 characters at most, and a top-level label that is not all digits.
 */
public record DomainName(String value) {
    public static final int MAX_LENGTH = 253;

    public DomainName {
        value = normalize(value);
    }

    private static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidValueException("name", "must not be blank");
        }
        if (raw.length() > MAX_LENGTH + 1) {
            throw new InvalidValueException("name", "must be at most " + MAX_LENGTH + " characters");
        }
        String name = raw.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidValueException("name", "must be at most " + MAX_LENGTH + " characters");
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidValueException("name", "must be a domain name such as mail.example.com");
        }
        for (String label : labels) {
            if (!DnsLabel.isLabel(label, 0, label.length())) {
                throw new InvalidValueException(
                        "name",
                        "must be a domain name: labels of 1 to 63 letters, digits and hyphens, separated by dots"
                                + " (an internationalised name in its xn-- form)");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new InvalidValueException("name", "must be a domain name, not an IP address");
        }
        return name;
    }

    @Override
    public String toString() {
        return value;
    }
}
