package io.segmentflow.domain.condition;

import java.util.Map;

/**
 * What conditions are evaluated against: a Profile's properties and an event's data, as plain Java values
 * (Map, List, String, BigDecimal, Boolean, null), the shapes template state is read into.
 */
public record FieldValues(Map<String, Object> profile, Map<String, Object> event) {
    /** No Profile and no event: for a step that reads neither. */
    public static final FieldValues NONE = new FieldValues(Map.of(), Map.of());

    /** Marks a field that is not there, which is not the same as a field set to null for display. */
    static final Object ABSENT = new Object();

    public FieldValues {
        profile = profile == null ? Map.of() : profile;
        event = event == null ? Map.of() : event;
    }

    /** The value at the path, {@link #ABSENT} when a key on the way is missing or not an object. */
    Object at(FieldPath path) {
        Object current = path.namespace() == Namespace.PROFILE ? profile : event;
        for (String key : path.keys()) {
            if (!(current instanceof Map<?, ?> object) || !object.containsKey(key)) {
                return ABSENT;
            }
            current = object.get(key);
        }
        return current;
    }
}
