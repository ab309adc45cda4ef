package io.segmentflow.adapters.out.render;

import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.standard.expression.IStandardExpression;
import org.thymeleaf.standard.expression.IStandardExpressionParser;

/**
 * Applies {@link ExpressionPolicy} before Thymeleaf preprocesses or parses an expression: {@code __${...}__}
 * would splice evaluated state (possibly written by an end user) back into expression source, and selection,
 * message and fragment expressions are not paths. Then hands out the {@link ExpressionGuard guarded} form of
 * the parsed expression, which bounds what executing it costs. {@code th:each} parses without this parser,
 * which is why {@link AttributeGuardProcessor} checks every attribute before any processor runs and
 * {@link BudgetedEachTagProcessor} guards its iterable itself.
 */
final class GuardedExpressionParser implements IStandardExpressionParser {
    private final IStandardExpressionParser delegate;

    GuardedExpressionParser(IStandardExpressionParser delegate) {
        this.delegate = delegate;
    }

    @Override
    public IStandardExpression parseExpression(IExpressionContext context, String input) {
        ExpressionPolicy.Violation violation = ExpressionPolicy.expressionViolation(input);
        if (violation != null) {
            throw new TemplateRefusedException(violation);
        }
        return ExpressionGuard.guard(input, delegate.parseExpression(context, input));
    }
}
