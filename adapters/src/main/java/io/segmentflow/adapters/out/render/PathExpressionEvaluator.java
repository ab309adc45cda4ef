package io.segmentflow.adapters.out.render;

import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.standard.expression.IStandardVariableExpression;
import org.thymeleaf.standard.expression.IStandardVariableExpressionEvaluator;
import org.thymeleaf.standard.expression.StandardExpressionExecutionContext;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.standard.expression.VariableExpression;

/**
 * Replaces OGNL for customer templates: {@code ${...}} may only hold a {@link StatePath}. Comparisons and
 * other operators stay outside the braces, where Thymeleaf's own expression engine evaluates them without
 * touching Java objects. Each evaluation is charged to the {@link RenderBudget}, more for longer strings, since
 * printing, comparing or joining one costs about its length.
 */
final class PathExpressionEvaluator implements IStandardVariableExpressionEvaluator {

    @Override
    public Object evaluate(
            IExpressionContext context,
            IStandardVariableExpression expression,
            StandardExpressionExecutionContext expContext) {
        if (!(expression instanceof VariableExpression variable)) {
            // *{...} would resolve against a selection target, which customer templates never set.
            throw new TemplateRefusedException(new ExpressionPolicy.Violation(
                    "*{...} selection expressions are not allowed", "*{" + expression.getExpression() + "}"));
        }
        StatePath path = pathOf(variable);
        Object value = path.resolve(context::getVariable);
        // Printing, comparing or joining a string costs about its length; maps and lists charge for that themselves.
        int length = value instanceof String text ? text.length() : 0;
        RenderBudget.charge(context, 1 + length / RenderBudget.VALUE_CHARS_PER_STEP);
        if (value instanceof String text && NumberLimits.textTooLarge(text)) {
            // Thymeleaf's operators would parse it into a number too large to compute with; it stays text.
            value = new InertText(text);
        }
        if (expContext.getPerformTypeConversion()) {
            return StandardExpressions.getConversionService(context.getConfiguration())
                    .convert(context, value, String.class);
        }
        return value;
    }

    private static StatePath pathOf(VariableExpression variable) {
        // Parsed expressions are cached by the engine, so the parsed path is cached with them.
        if (variable.getCachedExpression() instanceof StatePath cached) {
            return cached;
        }
        StatePath path = StatePath.parseOrNull(variable.getExpression());
        if (path == null) {
            throw new TemplateRefusedException(
                    new ExpressionPolicy.Violation(ExpressionPolicy.ONLY_PATHS, "${" + variable.getExpression() + "}"));
        }
        variable.setCachedExpression(path);
        return path;
    }
}
