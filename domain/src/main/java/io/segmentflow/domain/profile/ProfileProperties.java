package io.segmentflow.domain.profile;

import io.segmentflow.domain.shared.InvalidValueException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules of a Profile's properties, a JSON object read as plain Java values (Map, List, String, BigDecimal,
 * Boolean, null). An upsert or an edit gives a patch that is merged at the top level: each key given replaces that
 * property whole, a {@code null} value removes it, and keys not given are kept.
 *
 * <p>Limits, so that properties stay addressable by template paths ({@code ${profile.plan}}) and conditions, and
 * small enough to be read with every send: keys (at every depth) are {@value #KEY_RULE}; values nest at most
 * {@value #MAX_DEPTH} levels; text holds no NUL and no unpaired surrogate (neither can be stored as JSON text); at
 * most {@value #MAX_KEYS} properties; at most {@value #MAX_BYTES} bytes of JSON (UTF-8) in all.
 */
public final class ProfileProperties {
    public static final String EMPTY = "{}";
    public static final int MAX_KEYS = 200;
    public static final int MAX_KEY_LENGTH = 64;
    public static final int MAX_DEPTH = 8;
    public static final int MAX_BYTES = 64 * 1024;
    static final String KEY_RULE = "1-64 characters: letters, digits and _, not starting with a digit";
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private ProfileProperties() {}

    /** Whether {@code name} may name a property: {@value #KEY_RULE}. */
    public static boolean isKey(String name) {
        return KEY.matcher(name).matches();
    }

    /**
     * The properties after {@code patch}, provided every key and value of the patch keeps the rules.
     *
     * @param field how the patch is named to the caller ({@code properties}, {@code profile.properties})
     * @throws InvalidValueException for the first rule the patch breaks; {@link #problems} lists them all
     */
    public static Map<String, Object> merge(Map<String, Object> current, Map<String, Object> patch, String field) {
        List<InvalidValueException> problems = problems(patch, field);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        Map<String, Object> merged = new LinkedHashMap<>(current);
        patch.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        if (merged.size() > MAX_KEYS) {
            throw new InvalidValueException(
                    field, "would hold " + merged.size() + " properties; a profile holds at most " + MAX_KEYS);
        }
        return merged;
    }

    /** Every rule the patch breaks, each under the path of the key or value ({@code properties.address.city}). */
    public static List<InvalidValueException> problems(Map<String, Object> patch, String field) {
        List<InvalidValueException> problems = new ArrayList<>();
        if (patch.size() > MAX_KEYS) {
            problems.add(new InvalidValueException(
                    field, "holds " + patch.size() + " properties; a profile holds at most " + MAX_KEYS));
            return problems;
        }
        checkObject(patch, field, 1, problems);
        return problems;
    }

    /**
     * Refuses stored properties over the size limit.
     *
     * @param json the merged properties as they will be stored
     */
    public static String checkSize(String json, String field) {
        long bytes = utf8Length(json);
        if (bytes > MAX_BYTES) {
            throw new InvalidValueException(
                    field, "would take " + bytes + " bytes of JSON; a profile's properties take at most " + MAX_BYTES);
        }
        return json;
    }

    private static void checkObject(Map<?, ?> object, String path, int depth, List<InvalidValueException> problems) {
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String keyPath = path + "." + shortened(key);
            if (!KEY.matcher(key).matches()) {
                problems.add(new InvalidValueException(keyPath, "is not a valid property name: " + KEY_RULE));
                continue;
            }
            checkValue(entry.getValue(), keyPath, depth, problems);
        }
    }

    private static void checkValue(Object value, String path, int depth, List<InvalidValueException> problems) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            if (depth >= MAX_DEPTH) {
                problems.add(new InvalidValueException(path, "nests deeper than " + MAX_DEPTH + " levels"));
                return;
            }
            if (value instanceof Map<?, ?> map) {
                checkObject(map, path, depth + 1, problems);
            } else {
                List<?> list = (List<?>) value;
                for (int i = 0; i < list.size(); i++) {
                    checkValue(list.get(i), path + "[" + i + "]", depth + 1, problems);
                }
            }
        } else if (value instanceof String text) {
            String problem = textProblem(text);
            if (problem != null) {
                problems.add(new InvalidValueException(path, problem));
            }
        } else if (value != null && !(value instanceof BigDecimal) && !(value instanceof Boolean)) {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    private static String textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text (it holds an unpaired surrogate)";
            }
        }
        return null;
    }

    /** A key as named in a refusal: a long or hostile key is cut, so the answer stays short. */
    private static String shortened(String key) {
        return key.length() <= MAX_KEY_LENGTH ? key : key.substring(0, MAX_KEY_LENGTH) + "...";
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
