package io.segmentflow.domain.condition;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A field a condition reads: a namespace and a path of keys into it, written {@code profile.plan} or
 * {@code event.order.total}.
 */
public record FieldPath(Namespace namespace, List<String> keys) {
    public static final int MAX_KEYS = 10;
    public static final int MAX_KEY_LENGTH = 100;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_KEY_LENGTH + "}");

    public FieldPath {
        keys = List.copyOf(keys);
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw new InvalidValueException("field", "must name 1 to " + MAX_KEYS + " keys after its namespace");
        }
        for (String key : keys) {
            if (!KEY.matcher(key).matches()) {
                throw new InvalidValueException(
                        "field", "keys are 1 to " + MAX_KEY_LENGTH + " letters, digits, '_' or '-'");
            }
        }
    }

    /** Reads {@code profile.a.b} or {@code event.a.b}. */
    public static FieldPath parse(String text) {
        if (text == null) {
            throw new InvalidValueException("field", "is required");
        }
        int dot = text.indexOf('.');
        String namespace = dot < 0 ? text : text.substring(0, dot);
        for (Namespace candidate : Namespace.values()) {
            if (candidate.wireName().equals(namespace)) {
                if (dot < 0) {
                    throw new InvalidValueException("field", "must name a key after '" + namespace + ".'");
                }
                return new FieldPath(candidate, List.of(text.substring(dot + 1).split("\\.", -1)));
            }
        }
        throw new InvalidValueException("field", "must start with 'profile.' or 'event.'");
    }

    @Override
    public String toString() {
        return namespace.wireName() + "." + String.join(".", keys);
    }
}
