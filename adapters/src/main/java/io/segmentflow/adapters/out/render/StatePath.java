package io.segmentflow.adapters.out.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.thymeleaf.engine.IterationStatusVar;

/**
 * The only thing a customer template may write inside {@code ${...}}: a root name (a context or local
 * variable) followed by {@code .name}, {@code ['name']} or {@code [index]} segments. Navigation is explicit
 * code over the JSON trees and iteration values, so no expression ever reaches reflection.
 */
final class StatePath {
    private static final int MAX_INDEX_DIGITS = 9;

    private final String root;
    /** {@link String} keys and {@link Integer} indexes. */
    private final List<Object> segments;

    private StatePath(String root, List<Object> segments) {
        this.root = root;
        this.segments = List.copyOf(segments);
    }

    /** The path written in {@code text}, or null when the text is anything more than a path. */
    static StatePath parseOrNull(String text) {
        String s = text.strip();
        int end = identifierEnd(s, 0);
        if (end < 0) {
            return null;
        }
        String root = s.substring(0, end);
        List<Object> segments = new ArrayList<>();
        int i = end;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '.') {
                int nameEnd = identifierEnd(s, i + 1);
                if (nameEnd < 0) {
                    return null;
                }
                segments.add(s.substring(i + 1, nameEnd));
                i = nameEnd;
            } else if (c == '[' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                int close = s.indexOf('\'', i + 2);
                if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ']') {
                    return null;
                }
                String key = s.substring(i + 2, close);
                if (!isPlainKey(key)) {
                    return null;
                }
                segments.add(key);
                i = close + 2;
            } else if (c == '[') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                    j++;
                }
                int digits = j - (i + 1);
                if (digits == 0 || digits > MAX_INDEX_DIGITS || j >= s.length() || s.charAt(j) != ']') {
                    return null;
                }
                segments.add(Integer.valueOf(s.substring(i + 1, j)));
                i = j + 1;
            } else {
                return null;
            }
        }
        return new StatePath(root, segments);
    }

    /** Follows the path from the root variable; anything missing or of another shape is null. */
    Object resolve(Function<String, Object> variables) {
        Object current = variables.apply(root);
        for (Object segment : segments) {
            if (current == null) {
                return null;
            }
            current = segment instanceof Integer index ? element(current, index) : member(current, (String) segment);
        }
        return current;
    }

    private static Object element(Object target, int index) {
        if (target instanceof List<?> list) {
            return index < list.size() ? list.get(index) : null;
        }
        return null;
    }

    private static Object member(Object target, String name) {
        if (target instanceof Map<?, ?> map) {
            return map.get(name);
        }
        if (target instanceof Map.Entry<?, ?> entry) {
            return switch (name) {
                case "key" -> entry.getKey();
                case "value" -> entry.getValue();
                default -> null;
            };
        }
        if (target instanceof IterationStatusVar status) {
            return switch (name) {
                case "index" -> status.getIndex();
                case "count" -> status.getCount();
                case "size" -> status.getSize();
                case "current" -> status.getCurrent();
                case "even" -> status.isEven();
                case "odd" -> status.isOdd();
                case "first" -> status.isFirst();
                case "last" -> status.isLast();
                default -> null;
            };
        }
        return null;
    }

    /** End of the ASCII identifier starting at {@code start}, or -1 when there is none. */
    private static int identifierEnd(String s, int start) {
        if (start >= s.length() || !isIdentifierStart(s.charAt(start))) {
            return -1;
        }
        int i = start + 1;
        while (i < s.length() && (isIdentifierStart(s.charAt(i)) || (s.charAt(i) >= '0' && s.charAt(i) <= '9'))) {
            i++;
        }
        return i;
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    // Braces would confuse Thymeleaf's own ${...} delimiting, and backslashes suggest escapes we do not have.
    private static boolean isPlainKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '{' || c == '}' || c == '\\' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }
}
