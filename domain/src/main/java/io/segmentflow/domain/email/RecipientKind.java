package io.segmentflow.domain.email;

import java.util.Locale;

/** How a recipient is named on a send: the one it is for ({@code to}), or a copy ({@code cc}, {@code bcc}). */
public enum RecipientKind {
    TO,
    CC,
    BCC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RecipientKind fromWire(String value) {
        for (RecipientKind kind : values()) {
            if (kind.wireName().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown recipient kind " + value);
    }
}
