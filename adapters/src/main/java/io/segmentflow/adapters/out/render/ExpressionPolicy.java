package io.segmentflow.adapters.out.render;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * What a customer template may write in a {@code th:} attribute. The same rules serve the check when a
 * template is saved (every violation is listed) and the render-time guards (the first one is refused), so
 * a template that passed the check renders under exactly the rules it was checked with.
 */
final class ExpressionPolicy {
    private static final Set<String> HTML_ATTRIBUTES = Set.of(
            "text", "if", "unless", "each", "href", "src", "alt", "title", "class", "classappend",
            "style", "styleappend", "value", "switch", "case", "remove");
    private static final Set<String> TEXT_ATTRIBUTES = Set.of("text", "if", "unless", "each", "switch", "case", "remove");

    static final String ONLY_PATHS =
            "only paths such as data.name, profile['first name'] or item.lines[0] may be written inside ${...}"
                    + " (no method calls, static access, new, # objects, @beans or operators)";
    private static final String NO_PREPROCESSING = "__...__ preprocessing is not allowed";
    /**
     * Thymeleaf's expression parser takes time quadratic in the number of operators (a 2,000-character chain of
     * additions takes 30 ms to parse, a 500,000-character one would take most of an hour), executing an
     * expression costs about its length (the {@link RenderBudget} charges for it), and parsed expressions are
     * cached by their text: long expressions would make all three expensive.
     */
    static final int MAX_EXPRESSION_LENGTH = 1000;
    /**
     * The parser's time grows exponentially with operators that can also be unary ({@code -}, {@code !},
     * {@code not}) following other operators: 16 of them in 65 characters exhaust a gigabyte of heap. Real
     * templates need a handful, so both counts are capped well below where parsing becomes noticeable.
     */
    static final int MAX_OPERATORS = 30;
    static final int MAX_UNARY_OPERATORS = 8;
    private static final int MAX_SHOWN = 120;
    private static final Pattern CONTEXT_RELATIVE_LINK = Pattern.compile("@\\{\\s*/(?!/)");

    /** One thing a template may not do; {@code expression} is the offending text as the customer wrote it. */
    record Violation(String reason, String expression) {
        Violation {
            if (expression.length() > MAX_SHOWN) {
                expression = expression.substring(0, MAX_SHOWN) + "...";
            }
        }
    }

    private ExpressionPolicy() {
    }

    /**
     * Why an attribute may not be used, or null when it may.
     *
     * @param name the attribute's name without its {@code th:} or {@code data-th-} prefix, lower case
     * @param value the attribute's value, unescaped as Thymeleaf evaluates it
     */
    static Violation attributeViolation(TemplateMode mode, String completeName, String name, String value) {
        String written = value == null ? completeName : completeName + "=\"" + value + "\"";
        Set<String> allowed = mode == TemplateMode.TEXT ? TEXT_ATTRIBUTES : HTML_ATTRIBUTES;
        if (!allowed.contains(name)) {
            return new Violation(attributeReason(name, value, allowed), written);
        }
        return value == null ? null : expressionViolation(value);
    }

    /**
     * Why an attribute value or expression may not be evaluated, or null. Deliberately lexical and strict:
     * a marker inside a text literal is refused too, which costs little and needs no second parser.
     */
    static Violation expressionViolation(String expression) {
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            return new Violation("expressions may be at most " + MAX_EXPRESSION_LENGTH
                    + " characters long; write fixed text outside the expression", expression);
        }
        if (expression.contains("__")) {
            return new Violation(NO_PREPROCESSING, expression);
        }
        Violation operators = operatorViolation(expression);
        if (operators != null) {
            return operators;
        }
        if (expression.contains("*{")) {
            return new Violation("*{...} selection expressions are not allowed; write the full ${...} path", expression);
        }
        if (expression.contains("#{")) {
            return new Violation("#{...} message expressions are not allowed", expression);
        }
        if (expression.contains("~{")) {
            return new Violation("~{...} fragment expressions are not allowed", expression);
        }
        if (CONTEXT_RELATIVE_LINK.matcher(expression).find()) {
            // Such links need a web request to resolve against; an email has none, so every render would fail.
            return new Violation("links must be absolute (@{https://...}); @{/...} needs a web request", expression);
        }
        int start = expression.indexOf("${");
        while (start >= 0) {
            int end = closingBrace(expression, start + 2);
            if (end < 0) {
                return new Violation("unterminated ${...}", expression.substring(start));
            }
            String inside = expression.substring(start + 2, end);
            if (StatePath.parseOrNull(inside) == null) {
                return new Violation(ONLY_PATHS, "${" + inside + "}");
            }
            start = expression.indexOf("${", end + 1);
        }
        return null;
    }

    /**
     * Counts operators where the parser sees them: outside text literals ({@code '...'}, {@code |...|}),
     * {@code ${...}} paths and the address part of a link ({@code @{https://my-shop.example/a-b}}).
     */
    private static Violation operatorViolation(String expression) {
        int operators = 0;
        int unary = 0;
        char literal = 0;
        boolean inLinkAddress = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (literal != 0) {
                if (c == literal) {
                    literal = 0;
                }
            } else if (c == '\'' || c == '|') {
                literal = c;
            } else if (c == '$' && i + 1 < expression.length() && expression.charAt(i + 1) == '{') {
                int end = closingBrace(expression, i + 2);
                i = end < 0 ? expression.length() : end;
            } else if (c == '@' && i + 1 < expression.length() && expression.charAt(i + 1) == '{') {
                inLinkAddress = true;
                i++;
            } else if (inLinkAddress) {
                inLinkAddress = c != '(' && c != '}';
            } else if (c == '-' || c == '!') {
                operators++;
                unary++;
            } else if ("+*/%<>=?:".indexOf(c) >= 0) {
                operators++;
            } else if (startsWord(expression, i, "not")) {
                operators++;
                unary++;
            } else if (startsWord(expression, i, "and") || startsWord(expression, i, "or")) {
                operators++;
            }
        }
        if (unary > MAX_UNARY_OPERATORS) {
            return new Violation("an expression may use at most " + MAX_UNARY_OPERATORS
                    + " minus signs and negations (-, !, not)", expression);
        }
        if (operators > MAX_OPERATORS) {
            return new Violation("an expression may use at most " + MAX_OPERATORS + " operators", expression);
        }
        return null;
    }

    private static boolean startsWord(String s, int at, String word) {
        if (!s.startsWith(word, at)) {
            return false;
        }
        boolean startOk = at == 0 || !Character.isLetterOrDigit(s.charAt(at - 1));
        int after = at + word.length();
        return startOk && (after == s.length() || !Character.isLetterOrDigit(s.charAt(after)));
    }

    /** Matches Thymeleaf's own delimiting of {@code ${...}}: brace nesting, quotes ignored. */
    private static int closingBrace(String s, int from) {
        int level = 1;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                level++;
            } else if (c == '}' && --level == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String attributeReason(String name, String value, Set<String> allowed) {
        return switch (name) {
            case "utext" -> "unescaped output (th:utext or [(...)]) is not allowed; use th:text or [[...]]";
            case "insert", "replace", "include", "fragment", "substituteby" -> "fragments are not allowed";
            case "inline" -> value != null && (value.strip().equalsIgnoreCase("javascript")
                    || value.strip().equalsIgnoreCase("css"))
                    ? "javascript and css inlining are not allowed"
                    : "th:inline is not allowed";
            case "with", "object", "attr", "attrappend", "attrprepend" -> "th:" + name + " is not allowed";
            default -> "this attribute is not allowed; allowed are "
                    + allowed.stream().sorted().map(n -> "th:" + n).collect(Collectors.joining(", "))
                    + " and the th:block element";
        };
    }
}
