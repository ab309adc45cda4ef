package io.segmentflow.domain.email;

import io.segmentflow.domain.shared.DnsLabel;
import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Locale;

/**
 * A deliverable mailbox address ({@code local@domain}). It refuses anything that could break out of an
 * SMTP command or a mail header: CR, LF and every other control character, quoted local parts,
 * comments and source routes. The domain part is kept in lower case; the local part as given.
 */
public record EmailAddress(String value) {
    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    /** The characters besides ASCII letters and digits an unquoted local part may hold (RFC 5322 atext). */
    private static final String ATEXT_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";

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
        if (local.length() > MAX_LOCAL_LENGTH || !isDotAtom(local)) {
            throw new InvalidValueException("email", "has an invalid part before the @");
        }
        if (!isHostName(domain)) {
            throw new InvalidValueException("email", "has an invalid domain");
        }
        return local + "@" + domain.toLowerCase(Locale.ROOT);
    }

    // Scanned by hand rather than matched with a pattern: every send, and every send read back, builds its addresses,
    // and regular expressions here took a twentieth of the server's time accepting batches.

    /** Runs of atext joined by single dots: no quoting, comments or spaces, no dot first, last or twice. */
    private static boolean isDotAtom(String text) {
        boolean afterDot = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (afterDot) {
                    return false;
                }
                afterDot = true;
            } else if (DnsLabel.isAsciiLetterOrDigit(c) || ATEXT_SYMBOLS.indexOf(c) >= 0) {
                afterDot = false;
            } else {
                return false;
            }
        }
        return !afterDot;
    }

    /** Dot-separated labels of letters, digits and inner hyphens, the last starting with a letter (no IP literal). */
    private static boolean isHostName(String domain) {
        int from = 0;
        while (true) {
            int dot = domain.indexOf('.', from);
            int to = dot < 0 ? domain.length() : dot;
            if (!isLabel(domain, from, to, dot < 0)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            from = dot + 1;
        }
    }

    private static boolean isLabel(String domain, int from, int to, boolean last) {
        // The top-level label starts with a letter: no address ends in an IP literal or a number.
        return DnsLabel.isLabel(domain, from, to) && (!last || DnsLabel.isAsciiLetter(domain.charAt(from)));
    }

    @Override
    public String toString() {
        return value;
    }
}
