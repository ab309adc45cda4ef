package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.StateDocuments;
import io.segmentflow.domain.shared.InvalidValueException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON object texts read and written by a small recursive-descent reader, to the same plain values as the adapter
 * gives (Map, List, String, BigDecimal with integral values at scale 0, Boolean, null). Enough JSON for the
 * service tests.
 */
public final class PlainStateDocuments implements StateDocuments {
    @Override
    public Map<String, Object> read(String jsonObject) {
        if (jsonObject == null || jsonObject.isBlank()) {
            return Map.of();
        }
        Reader reader = new Reader(jsonObject);
        reader.skipSpace();
        if (reader.peek() != '{') {
            throw new InvalidValueException("json", "is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) reader.value();
        reader.skipSpace();
        if (reader.at < jsonObject.length()) {
            throw new InvalidValueException("json", "is not valid JSON");
        }
        return object;
    }

    @Override
    public String write(Map<String, Object> object) {
        StringBuilder out = new StringBuilder();
        write(object, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(separator);
                write(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
                separator = ",";
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String text) {
            out.append('"');
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        } else {
            out.append(value); // BigDecimal, Boolean, null
        }
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        char peek() {
            if (at >= text.length()) {
                throw new InvalidValueException("json", "is not valid JSON");
            }
            return text.charAt(at);
        }

        void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw new InvalidValueException("json", "is not valid JSON");
            }
            at++;
        }

        Object value() {
            skipSpace();
            char c = peek();
            if (c == '{') {
                at++;
                Map<String, Object> map = new LinkedHashMap<>();
                skipSpace();
                if (peek() == '}') {
                    at++;
                    return Collections.unmodifiableMap(map);
                }
                do {
                    skipSpace();
                    String key = string();
                    expect(':');
                    map.put(key, value());
                    skipSpace();
                } while (text.charAt(at++) == ',');
                at--;
                expect('}');
                return Collections.unmodifiableMap(map);
            }
            if (c == '[') {
                at++;
                List<Object> list = new ArrayList<>();
                skipSpace();
                if (peek() == ']') {
                    at++;
                    return Collections.unmodifiableList(list);
                }
                do {
                    list.add(value());
                    skipSpace();
                } while (text.charAt(at++) == ',');
                at--;
                expect(']');
                return Collections.unmodifiableList(list);
            }
            if (c == '"') {
                return string();
            }
            for (String word : List.of("true", "false", "null")) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            try {
                BigDecimal number = new BigDecimal(text.substring(start, at));
                BigDecimal stripped = number.stripTrailingZeros();
                return stripped.scale() <= 0 ? stripped.setScale(0) : number;
            } catch (NumberFormatException e) {
                throw new InvalidValueException("json", "is not valid JSON");
            }
        }

        String string() {
            if (peek() != '"') {
                throw new InvalidValueException("json", "is not valid JSON");
            }
            at++;
            StringBuilder out = new StringBuilder();
            while (peek() != '"') {
                char c = text.charAt(at++);
                if (c == '\\') {
                    char escaped = text.charAt(at++);
                    switch (escaped) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(escaped);
                    }
                } else {
                    out.append(c);
                }
            }
            at++;
            return out.toString();
        }
    }
}
