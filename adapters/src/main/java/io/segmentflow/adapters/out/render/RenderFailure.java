package io.segmentflow.adapters.out.render;

import java.util.regex.Pattern;
import org.thymeleaf.exceptions.TemplateEngineException;
import org.thymeleaf.exceptions.TemplateInputException;
import org.thymeleaf.exceptions.TemplateProcessingException;

/**
 * Short, customer-facing descriptions of engine failures. Thymeleaf's own messages append the template name,
 * which for string templates is the whole template, and wrap causes in messages naming Java classes.
 */
final class RenderFailure {
    private static final int MAX_DETAIL = 200;
    private static final Pattern JAVA_CLASS_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*\\.[A-Z]\\w*");
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");
    /** The markup parser starts its messages with a location we already report. */
    private static final Pattern PARSER_LOCATION = Pattern.compile("^\\(Line = \\d+, Column = \\d+\\)\\s*");

    private RenderFailure() {}

    /**
     * Describes {@code e}: a {@link TemplateRefusedException} by its reason, with the offending expression when
     * {@code showExpression} (check results are shown to the template's author; render failures are recorded
     * with each send), else the most specific safe message of the cause chain.
     */
    static String describe(TemplateEngineException e, boolean showExpression) {
        Integer line = null;
        TemplateRefusedException refused = null;
        boolean parsing = false;
        String detail = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TemplateProcessingException p && line == null && p.getLine() != null) {
                line = p.getLine();
            }
            if (t instanceof TemplateRefusedException r && refused == null) {
                refused = r;
            }
            parsing |= t instanceof TemplateInputException;
            String message = baseMessage(t);
            if (isSafe(message)) {
                detail = message; // the deepest safe one wins
            }
        }
        String where = line == null ? "" : "line " + line + ": ";
        if (refused != null) {
            ExpressionPolicy.Violation violation = refused.violation();
            return where + (showExpression ? violation.expression() + ": " : "") + violation.reason();
        }
        if (parsing) {
            return where + "the template cannot be parsed" + (detail == null ? "" : ": " + detail);
        }
        return where + (detail == null ? "an expression cannot be evaluated" : detail);
    }

    private static String baseMessage(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return null;
        }
        if (t instanceof TemplateProcessingException p && p.hasTemplateName()) {
            int suffix = message.indexOf(" (template: \"" + p.getTemplateName() + "\"");
            if (suffix >= 0) {
                message = message.substring(0, suffix);
            }
        }
        message = PARSER_LOCATION.matcher(message.strip()).replaceFirst("");
        return LINE_BREAKS.matcher(message).replaceAll(" ");
    }

    private static boolean isSafe(String message) {
        return message != null
                && !message.isEmpty()
                && message.length() <= MAX_DETAIL
                && !message.startsWith("An error happened during template parsing")
                && !JAVA_CLASS_NAME.matcher(message).find();
    }
}
