package io.segmentflow.domain.email;

import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.shared.InvalidValueException;

/**
 * An address with an optional display name, as in {@code Acme Billing <billing@acme.com>}.
 * The display name may hold any printable text (it is encoded when the header is written) but never
 * a line break, so it cannot smuggle a header of its own.
 */
public record Mailbox(EmailAddress address, String displayName) {
    public static final int MAX_DISPLAY_NAME_LENGTH = 200;

    public Mailbox {
        if (address == null) {
            throw new InvalidValueException("email", "must not be blank");
        }
        displayName = normalizeName(displayName);
    }

    public static Mailbox of(EmailAddress address) {
        return new Mailbox(address, null);
    }

    /** Parses {@code addr@example.com} or {@code Display Name <addr@example.com>}. */
    public static Mailbox parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException("email", "must not be blank");
        }
        if (HeaderText.hasControlCharacters(text)) {
            throw new InvalidValueException("email", "must not contain control characters such as CR or LF");
        }
        String s = text.strip();
        if (s.endsWith(">")) {
            int open = s.lastIndexOf('<');
            if (open < 0) {
                throw new InvalidValueException("email", "must look like name@example.com or Name <name@example.com>");
            }
            String name = s.substring(0, open).strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            return new Mailbox(new EmailAddress(s.substring(open + 1, s.length() - 1)), name);
        }
        return new Mailbox(new EmailAddress(s), null);
    }

    private static String normalizeName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        if (HeaderText.hasControlCharacters(name)) {
            throw new InvalidValueException("name", "must not contain control characters such as CR or LF");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_DISPLAY_NAME_LENGTH) {
            throw new InvalidValueException("name", "must be at most " + MAX_DISPLAY_NAME_LENGTH + " characters");
        }
        return stripped;
    }

    /** The mailbox as written in a header or a log; for display only, never parsed back for sending. */
    @Override
    public String toString() {
        return displayName == null ? address.value() : displayName + " <" + address.value() + ">";
    }
}
