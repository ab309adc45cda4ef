package io.segmentflow.adapters.out.render;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one namespace of template state into plain Java values (Map, List, String, BigDecimal, Boolean,
 * null): the only shapes {@link StatePath} navigates, with nothing on them a template could call.
 */
final class StateJson {
    /** Larger integral numbers keep their exponent form rather than expanding into that many digits. */
    private static final int MAX_EXPANDED_DIGITS = 40;

    // Looking the JSON-P provider up is slow, so it is done once.
    private final JsonReaderFactory readers = Json.createReaderFactory(Map.of());

    /** @throws IllegalArgumentException when the text is not a JSON object */
    Map<String, Object> parseObject(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try (JsonReader reader = readers.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject object)) {
                throw new IllegalArgumentException("is not a JSON object");
            }
            return toMap(object);
        } catch (JsonException e) {
            throw new IllegalArgumentException("is not valid JSON");
        }
    }

    private static Object toJava(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> toMap(value.asJsonObject());
            case ARRAY -> toList(value.asJsonArray());
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> number((JsonNumber) value);
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    private static Map<String, Object> toMap(JsonObject object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.forEach((key, value) -> map.put(key, toJava(value)));
        return Collections.unmodifiableMap(map);
    }

    private static List<Object> toList(JsonArray array) {
        List<Object> list = new ArrayList<>(array.size());
        array.forEach(value -> list.add(toJava(value)));
        return Collections.unmodifiableList(list);
    }

    /** Integral values get scale 0, so that 42, 42.0 and 4.2e1 all print as 42; other numbers keep their digits. */
    static BigDecimal number(JsonNumber json) {
        BigDecimal value = json.bigDecimalValue();
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= MAX_EXPANDED_DIGITS) {
            return stripped.setScale(0);
        }
        return value;
    }
}
