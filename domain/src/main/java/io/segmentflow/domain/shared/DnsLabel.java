package io.segmentflow.domain.shared;

/**
 * The one rule for a label of a host name (RFC 1123): 1 to 63 ASCII letters, digits and hyphens, neither first nor
 * last a hyphen. Scanned by hand rather than matched with a pattern: every address of every send is checked with it.
 */
public final class DnsLabel {
    public static final int MAX_LENGTH = 63;

    private DnsLabel() {}

    /** Whether {@code text} from {@code from} up to {@code to} (exclusive) is a label. */
    public static boolean isLabel(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > MAX_LENGTH) {
            return false;
        }
        if (!isAsciiLetterOrDigit(text.charAt(from)) || !isAsciiLetterOrDigit(text.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = text.charAt(i);
            if (c != '-' && !isAsciiLetterOrDigit(c)) {
                return false;
            }
        }
        return true;
    }

    public static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    public static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }
}
