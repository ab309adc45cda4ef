package io.segmentflow.application.fake;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.TemplateRenderFailedException;
import io.segmentflow.application.port.out.TemplateRenderer;
import io.segmentflow.domain.template.TemplateContent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code ${data.x}}, {@code ${profile.x}} and {@code ${event.x}} by plain substitution from
 * flat JSON objects, without escaping. Any other expression is what a customer template may not use:
 * {@link #check} lists it and {@link #render} fails on it.
 */
public final class NaiveTemplateRenderer implements TemplateRenderer {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern PATH = Pattern.compile("(data|profile|event)\\.([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern MEMBER =
            Pattern.compile("\"([^\"\\\\]+)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|-?\\d+(?:\\.\\d+)?|true|false|null)");

    private int renders;

    @Override
    public List<FieldError> check(TemplateContent content) {
        List<FieldError> problems = new ArrayList<>();
        checkPart("subject", content.subject(), problems);
        checkPart("html", content.html(), problems);
        checkPart("text", content.text(), problems);
        return problems;
    }

    private static void checkPart(String field, String text, List<FieldError> problems) {
        if (text == null) {
            return;
        }
        Matcher m = EXPRESSION.matcher(text);
        while (m.find()) {
            if (!PATH.matcher(m.group(1).strip()).matches()) {
                problems.add(new FieldError(
                        field, "expression '" + m.group() + "' is not a path into data, profile or event"));
            }
        }
    }

    @Override
    public RenderedEmail render(TemplateContent content, RenderState state) {
        renders++;
        List<FieldError> problems = check(content);
        if (!problems.isEmpty()) {
            throw new TemplateRenderFailedException(
                    problems.get(0).field() + ": " + problems.get(0).message());
        }
        Map<String, Map<String, String>> namespaces = Map.of(
                "data", members(state.data()), "profile", members(state.profile()), "event", members(state.event()));
        return new RenderedEmail(
                substitute(content.subject(), namespaces),
                substitute(content.html(), namespaces),
                content.text() == null ? null : substitute(content.text(), namespaces));
    }

    private static String substitute(String text, Map<String, Map<String, String>> namespaces) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Matcher path = PATH.matcher(m.group(1).strip());
            path.matches();
            String value = namespaces.get(path.group(1)).getOrDefault(path.group(2), "");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> members(String json) {
        Map<String, String> members = new HashMap<>();
        Matcher m = MEMBER.matcher(json == null ? "" : json);
        while (m.find()) {
            String literal = m.group(2);
            members.put(m.group(1), m.group(3) != null ? unescape(m.group(3)) : "null".equals(literal) ? "" : literal);
        }
        return members;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    public int renders() {
        return renders;
    }
}
