package io.segmentflow.adapters.out.render;

import io.segmentflow.adapters.shared.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Turns one namespace of template state into plain Java values (Map, List, String, BigDecimal, Boolean,
 * null): the only shapes {@link StatePath} navigates, with nothing on them a template could call ({@link #writeObject}
 * turns them back into JSON text). Maps and
 * lists know their weight, about the length of the JSON they came from, and charge it to the render's
 * {@link RenderBudget} whenever they are printed or compared, which costs about that much; reading a path
 * through them or testing them in a condition costs nothing extra.
 *
 * <p>Numbers are read from their text (the streaming parser hands it out without converting it) and refused
 * beyond {@link NumberLimits#MAX_DIGITS} digits or an exponent beyond {@link NumberLimits#MAX_SCALE}: arithmetic
 * on {@code 1e20000000} runs for minutes.
 */
final class StateJson {
    /** Larger integral numbers keep their exponent form rather than expanding into that many digits. */
    private static final int MAX_EXPANDED_DIGITS = 40;
    /** As deep as the JSON-P parser itself goes by default; deeper state would be refused when it is stored. */
    private static final int MAX_DEPTH = 1000;
    /** Longer number texts are too large whatever they say, and are never parsed. */
    private static final int MAX_NUMBER_TEXT = 2 * NumberLimits.MAX_DIGITS + 16;

    static final String NUMBER_TOO_LARGE = "holds a number that is too large: numbers may have at most "
            + NumberLimits.MAX_DIGITS + " digits and exponents between -" + NumberLimits.MAX_SCALE + " and "
            + NumberLimits.MAX_SCALE;

    private final JsonParserFactory parsers = Jsonp.PROVIDER.createParserFactory(Map.of());

    /** Refusals of the state's content (as opposed to its syntax); their message is the reason. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @param budget what printing and comparing the maps and lists is charged to; null charges nothing
     * @throws IllegalArgumentException when the text is not a JSON object or holds a number too large
     */
    Map<String, Object> parseObject(String json, RenderBudget budget) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try (JsonParser parser = parsers.createParser(new StringReader(json))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new Refused("is not a JSON object");
            }
            Map<String, Object> object = new Reader(parser, budget).readObject(1);
            if (parser.hasNext()) {
                throw new Refused("is not valid JSON");
            }
            return object;
        } catch (Refused e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (RuntimeException e) {
            // Providers report some refusals (nesting deeper than they allow, for one) as bare runtime exceptions.
            throw new IllegalArgumentException("is not valid JSON");
        }
    }

    /** The JSON text of an object made of the plain values {@link #parseObject} gives. */
    String writeObject(Map<String, Object> object) {
        return value(object).toString();
    }

    private JsonValue value(Object value) {
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = Jsonp.PROVIDER.createObjectBuilder();
            map.forEach((key, v) -> object.add((String) key, value(v)));
            return object.build();
        }
        if (value instanceof List<?> list) {
            JsonArrayBuilder array = Jsonp.PROVIDER.createArrayBuilder();
            list.forEach(v -> array.add(value(v)));
            return array.build();
        }
        if (value instanceof String text) {
            return Jsonp.PROVIDER.createValue(text);
        }
        if (value instanceof BigDecimal number) {
            return Jsonp.PROVIDER.createValue(number);
        }
        if (value instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value == null) {
            return JsonValue.NULL;
        }
        throw new IllegalArgumentException(
                "not a JSON value: " + value.getClass().getName());
    }

    /** Reads one namespace; its maps and lists charge {@code budget}. */
    private record Reader(JsonParser parser, RenderBudget budget) {

        Object readValue(JsonParser.Event event, int depth) {
            return switch (event) {
                case START_OBJECT -> readObject(depth + 1);
                case START_ARRAY -> readArray(depth + 1);
                case VALUE_STRING -> parser.getString();
                case VALUE_NUMBER -> number(parser.getString());
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> throw new Refused("is not valid JSON");
            };
        }

        JsonMap readObject(int depth) {
            checkDepth(depth);
            Map<String, Object> map = new LinkedHashMap<>();
            long weight = 2;
            while (true) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.END_OBJECT) {
                    return new JsonMap(map, new Weight(clamp(weight), budget));
                }
                if (event != JsonParser.Event.KEY_NAME) {
                    throw new Refused("is not valid JSON");
                }
                String key = parser.getString();
                Object value = readValue(parser.next(), depth);
                map.put(key, value);
                weight += key.length() + 4 + weightOf(value);
            }
        }

        JsonList readArray(int depth) {
            checkDepth(depth);
            List<Object> list = new ArrayList<>();
            long weight = 2;
            while (true) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.END_ARRAY) {
                    return new JsonList(list, new Weight(clamp(weight), budget));
                }
                Object value = readValue(event, depth);
                list.add(value);
                weight += 1 + weightOf(value);
            }
        }
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Refused("is nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    /** About how many characters of JSON {@code value} came from. */
    private static int weightOf(Object value) {
        if (value instanceof BigDecimal number) {
            return number.precision() + 2;
        }
        if (value instanceof String text) {
            return text.length() + 2;
        }
        if (value instanceof JsonMap map) {
            return map.weight.chars();
        }
        if (value instanceof JsonList list) {
            return list.weight.chars();
        }
        return 5; // true, false, null
    }

    private static int clamp(long weight) {
        return (int) Math.min(weight, Integer.MAX_VALUE);
    }

    /** Integral values get scale 0, so that 42, 42.0 and 4.2e1 all print as 42; other numbers keep their digits. */
    static BigDecimal number(String text) {
        if (text.length() > MAX_NUMBER_TEXT) {
            throw new Refused(NUMBER_TOO_LARGE);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            // The parser accepted it as a JSON number, so only the exponent can be out of range.
            throw new Refused(NUMBER_TOO_LARGE);
        }
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (NumberLimits.inputTooLarge(value)) {
            throw new Refused(NUMBER_TOO_LARGE);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= MAX_EXPANDED_DIGITS) {
            return stripped.setScale(0);
        }
        return value;
    }

    /** What printing or comparing a map or list costs, and what to charge it to. */
    private record Weight(int chars, RenderBudget budget) {
        void charge() {
            if (budget != null) {
                budget.charge(1 + chars / RenderBudget.VALUE_CHARS_PER_STEP);
            }
        }
    }

    /** An unmodifiable JSON object, in document order. */
    private static final class JsonMap extends AbstractMap<String, Object> {
        private final Map<String, Object> map;
        private final Weight weight;

        JsonMap(Map<String, Object> map, Weight weight) {
            this.map = Collections.unmodifiableMap(map);
            this.weight = weight;
        }

        @Override
        public Object get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return map.entrySet();
        }

        @Override
        public boolean equals(Object other) {
            if (other instanceof Map<?, ?>) {
                // Only a comparison with another map walks the entries; "!= null" costs nothing.
                weight.charge();
            }
            return super.equals(other);
        }

        @Override
        public int hashCode() {
            weight.charge();
            return super.hashCode();
        }

        @Override
        public String toString() {
            weight.charge();
            return super.toString();
        }
    }

    /** An unmodifiable JSON array. */
    private static final class JsonList extends AbstractList<Object> implements RandomAccess {
        private final List<Object> list;
        private final Weight weight;

        JsonList(List<Object> list, Weight weight) {
            this.list = list;
            this.weight = weight;
        }

        @Override
        public Object get(int index) {
            return list.get(index);
        }

        @Override
        public int size() {
            return list.size();
        }

        /** A copy of the whole list (as a link parameter makes one) costs what printing it costs. */
        @Override
        public Object[] toArray() {
            weight.charge();
            return list.toArray();
        }

        @Override
        public <T> T[] toArray(T[] target) {
            weight.charge();
            return list.toArray(target);
        }

        @Override
        public boolean equals(Object other) {
            if (other instanceof List<?>) {
                // Only a comparison with another list walks the elements; "!= null" costs nothing.
                weight.charge();
            }
            return super.equals(other);
        }

        @Override
        public int hashCode() {
            weight.charge();
            return super.hashCode();
        }

        @Override
        public String toString() {
            weight.charge();
            return super.toString();
        }
    }
}
