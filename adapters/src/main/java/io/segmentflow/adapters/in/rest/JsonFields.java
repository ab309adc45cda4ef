package io.segmentflow.adapters.in.rest;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.shared.InvalidValueException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Typed reading of a JSON object that collects every problem under the field's full path
 * ({@code to.email}) instead of stopping at the first, so a caller fixes a request in one round.
 */
final class JsonFields {
    private final JsonObject object;
    private final String path;
    private final List<FieldError> errors;

    private JsonFields(JsonObject object, String path, List<FieldError> errors) {
        this.object = object;
        this.path = path;
        this.errors = errors;
    }

    static JsonFields of(JsonObject object) {
        return new JsonFields(object, "", new ArrayList<>());
    }

    String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** Refuses fields this request does not know, which are most often typos. */
    JsonFields allowOnly(Set<String> known) {
        for (String name : object.keySet()) {
            if (!known.contains(name)) {
                error(pathOf(name), "is not a known field");
            }
        }
        return this;
    }

    boolean has(String name) {
        return object.containsKey(name) && object.get(name).getValueType() != JsonValue.ValueType.NULL;
    }

    String string(String name, boolean required) {
        if (!has(name)) {
            if (required) {
                error(pathOf(name), "is required");
            }
            return null;
        }
        JsonValue value = object.get(name);
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            error(pathOf(name), "must be a string");
            return null;
        }
        String text = ((JsonString) value).getString();
        if (text.indexOf('\u0000') >= 0) {
            // No text column can hold NUL (PostgreSQL refuses it), and no email header or name needs it.
            error(pathOf(name), "must not contain the NUL character");
            return null;
        }
        return text;
    }

    Boolean bool(String name) {
        if (!has(name)) {
            return null;
        }
        JsonValue value = object.get(name);
        if (value == JsonValue.TRUE) {
            return true;
        }
        if (value == JsonValue.FALSE) {
            return false;
        }
        error(pathOf(name), "must be true or false");
        return null;
    }

    JsonFields object(String name, boolean required) {
        if (!has(name)) {
            if (required) {
                error(pathOf(name), "is required");
            }
            return null;
        }
        JsonValue value = object.get(name);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            error(pathOf(name), "must be an object");
            return null;
        }
        return new JsonFields(value.asJsonObject(), pathOf(name), errors);
    }

    /** The field's JSON as it is, or null when absent, for a reader of its own to take apart. */
    JsonValue raw(String name) {
        return object.get(name);
    }

    /** A JSON object field kept as JSON text (template state); absent means {@code {}}. */
    String objectText(String name) {
        if (!has(name)) {
            return "{}";
        }
        JsonValue value = object.get(name);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            error(pathOf(name), "must be an object");
            return "{}";
        }
        return value.toString();
    }

    /** One string or an array of strings. */
    List<String> strings(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonValue value = object.get(name);
        if (value.getValueType() == JsonValue.ValueType.STRING) {
            return List.of(((JsonString) value).getString());
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            error(pathOf(name), "must be a string or an array of strings");
            return List.of();
        }
        List<String> result = new ArrayList<>();
        var array = value.asJsonArray();
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).getValueType() != JsonValue.ValueType.STRING) {
                error(pathOf(name) + "[" + i + "]", "must be a string");
            } else if (array.getString(i).indexOf('\u0000') >= 0) {
                error(pathOf(name) + "[" + i + "]", "must not contain the NUL character");
            } else {
                result.add(array.getString(i));
            }
        }
        return result;
    }

    /** Turns a raw value into a value object, recording its refusal under {@code field}. */
    <R> R parse(String field, String raw, Function<String, R> parser) {
        if (raw == null) {
            return null;
        }
        return build(field, () -> parser.apply(raw));
    }

    /** Builds a value object, recording its refusal under {@code field}. */
    <R> R build(String field, Supplier<R> builder) {
        try {
            return builder.get();
        } catch (InvalidValueException e) {
            error(field, e.getMessage());
            return null;
        }
    }

    /** Builds a value object, recording its refusal under the field the value object names. */
    <R> R build(Supplier<R> builder) {
        try {
            return builder.get();
        } catch (InvalidValueException e) {
            error(pathOf(e.field()), e.getMessage());
            return null;
        }
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
    }
}
