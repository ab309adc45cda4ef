package io.segmentflow.domain.template;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Locale;

/** Transactional templates serve expected one-to-one mail; marketing templates serve audience sends. */
public enum TemplateKind {
    TRANSACTIONAL,
    MARKETING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TemplateKind fromWire(String value) {
        for (TemplateKind kind : values()) {
            if (kind.wireName().equals(value)) {
                return kind;
            }
        }
        throw new InvalidValueException("kind", "must be one of: transactional, marketing");
    }
}
