package io.segmentflow.domain.shared;

/**
 * The one rule for text that ends up in a mail header (a subject, a display name, an address) or a
 * one-line log field: no character that could end the line or hide inside it. That is every ASCII
 * control character (CR, LF, NUL, ...) and DEL, plus Unicode's line and paragraph separators and NEL.
 */
public final class HeaderText {
    private HeaderText() {}

    public static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    public static boolean hasControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The text on one line: each run of control characters becomes one space, and the ends are trimmed. */
    public static String flatten(String text) {
        StringBuilder line = new StringBuilder(text.length());
        boolean inRun = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                if (!inRun) {
                    line.append(' ');
                    inRun = true;
                }
            } else {
                line.append(c);
                inRun = false;
            }
        }
        return line.toString().strip();
    }
}
