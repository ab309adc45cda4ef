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
            "text",
            "if",
            "unless",
            "each",
            "href",
            "src",
            "alt",
            "title",
            "class",
            "classappend",
            "value",
            "switch",
            "case",
            "remove");
    private static final Set<String> TEXT_ATTRIBUTES =
            Set.of("text", "if", "unless", "each", "switch", "case", "remove");

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
    /**
     * The second, literal-blind cap: 12 unary operators in the worst arrangement cost the parser under 0.1 s;
     * 24 cost seconds and gigabytes.
     */
    static final int MAX_UNARY_CHARACTERS = 12;

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

    private ExpressionPolicy() {}

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
            return new Violation(
                    "expressions may be at most " + MAX_EXPRESSION_LENGTH
                            + " characters long; write fixed text outside the expression",
                    expression);
        }
        if (expression.contains("__")) {
            return new Violation(NO_PREPROCESSING, expression);
        }
        Violation operators = operatorViolation(expression);
        if (operators != null) {
            return operators;
        }
        if (expression.contains("*{")) {
            return new Violation(
                    "*{...} selection expressions are not allowed; write the full ${...} path", expression);
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
            int end = OperatorCount.closingBrace(expression, start + 2);
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
     * Counts operators twice ({@link OperatorCount}): as Thymeleaf's parser will see them, and, independently of
     * how literals are quoted, every character that could be a unary operator. Either count over its cap refuses.
     */
    private static Violation operatorViolation(String expression) {
        if (OperatorCount.unaryCharacters(expression) > MAX_UNARY_CHARACTERS) {
            return new Violation(
                    "an expression may hold at most " + MAX_UNARY_CHARACTERS
                            + " of the characters - and ! and the word not, text included; write such text outside the"
                            + " expression",
                    expression);
        }
        OperatorCount count = OperatorCount.parsed(expression);
        if (count.unary() > MAX_UNARY_OPERATORS) {
            return new Violation(
                    "an expression may use at most " + MAX_UNARY_OPERATORS + " minus signs and negations (-, !, not)",
                    expression);
        }
        if (count.operators() > MAX_OPERATORS) {
            return new Violation("an expression may use at most " + MAX_OPERATORS + " operators", expression);
        }
        return null;
    }

    private static String attributeReason(String name, String value, Set<String> allowed) {
        return switch (name) {
            case "utext" -> "unescaped output (th:utext or [(...)]) is not allowed; use th:text or [[...]]";
            case "insert", "replace", "include", "fragment", "substituteby" -> "fragments are not allowed";
            case "inline" ->
                value != null
                                && (value.strip().equalsIgnoreCase("javascript")
                                        || value.strip().equalsIgnoreCase("css"))
                        ? "javascript and css inlining are not allowed"
                        : "th:inline is not allowed";
            case "with", "object", "attr", "attrappend", "attrprepend" -> "th:" + name + " is not allowed";
            case "style", "styleappend" ->
                "expressions are not allowed in style attributes: data could add CSS rules;"
                        + " choose between fixed styles with th:classappend or th:if";
            default ->
                name.startsWith("on")
                        ? "expressions are not allowed in event handler attributes (on...): data would become script"
                        : "this attribute is not allowed; allowed are "
                                + allowed.stream().sorted().map(n -> "th:" + n).collect(Collectors.joining(", "))
                                + " and the th:block element";
        };
    }

    /**
     * Why an element may not take a URL from an expression, or null: {@code <link>} would let data choose a
     * stylesheet, {@code <base>} the base of every link, and a frame or an embed a whole page; an email needs
     * data-chosen URLs in links ({@code <a>}, and the like) and images only.
     *
     * @param element the element's name, lower case
     * @param attribute {@code href} or {@code src}
     */
    static Violation urlElementViolation(String element, String attribute) {
        if (attribute.equals("href") && (element.equals("link") || element.equals("base"))) {
            return new Violation(
                    "th:href is not allowed on <" + element + ">: data would choose "
                            + (element.equals("link") ? "a stylesheet" : "the base of every link"),
                    "<" + element + ">");
        }
        if (attribute.equals("src") && !element.equals("img")) {
            return new Violation("th:src is allowed on <img> only", "<" + element + ">");
        }
        return null;
    }

    /**
     * Why no expression may stand inside an element, or null: in {@code <script>} escaping for HTML does not stop
     * data from becoming code, and in {@code <style>} from becoming CSS rules.
     *
     * @param element the element's name, lower case
     */
    static Violation elementViolation(String element) {
        return switch (element) {
            case "script" ->
                new Violation("expressions are not allowed inside <script>: data would become script", "<script>");
            case "style" ->
                new Violation("expressions are not allowed inside <style>: data could add CSS rules", "<style>");
            default -> null;
        };
    }
}
