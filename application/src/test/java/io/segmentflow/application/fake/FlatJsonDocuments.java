package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.StateDocuments;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes flat JSON objects whose values are strings without quotes or backslashes, numbers, booleans
 * or null: the documents these tests write. Anything else fails the test that wrote it.
 */
public final class FlatJsonDocuments implements StateDocuments {
    private static final Pattern MEMBER =
            Pattern.compile("\\s*\"([^\"\\\\]*)\"\\s*:\\s*(\"[^\"\\\\]*\"|-?[0-9.eE+-]+|true|false|null)\\s*(,|$)");

    @Override
    public Map<String, Object> read(String jsonObject) {
        String text = jsonObject.strip();
        if (!text.startsWith("{") || !text.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON object: " + jsonObject);
        }
        String body = text.substring(1, text.length() - 1).strip();
        Map<String, Object> members = new LinkedHashMap<>();
        Matcher m = MEMBER.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("not a flat JSON object: " + jsonObject);
            }
            members.put(m.group(1), value(m.group(2)));
            at = m.end();
        }
        return members;
    }

    @Override
    public String merge(String properties, String patch) {
        Map<String, Object> merged = new LinkedHashMap<>(read(properties));
        read(patch).forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        StringJoiner out = new StringJoiner(",", "{", "}");
        merged.forEach(
                (key, value) -> out.add("\"" + key + "\":" + (value instanceof String s ? "\"" + s + "\"" : value)));
        return out.toString();
    }

    private static Object value(String text) {
        if (text.startsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        return switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> new BigDecimal(text);
        };
    }
}
