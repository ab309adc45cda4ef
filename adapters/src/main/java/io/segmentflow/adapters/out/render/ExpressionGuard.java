package io.segmentflow.adapters.out.render;

import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.standard.expression.AdditionExpression;
import org.thymeleaf.standard.expression.AndExpression;
import org.thymeleaf.standard.expression.Assignation;
import org.thymeleaf.standard.expression.BooleanTokenExpression;
import org.thymeleaf.standard.expression.ComplexExpression;
import org.thymeleaf.standard.expression.ConditionalExpression;
import org.thymeleaf.standard.expression.DefaultExpression;
import org.thymeleaf.standard.expression.DivisionExpression;
import org.thymeleaf.standard.expression.EqualsExpression;
import org.thymeleaf.standard.expression.Expression;
import org.thymeleaf.standard.expression.GenericTokenExpression;
import org.thymeleaf.standard.expression.GreaterOrEqualToExpression;
import org.thymeleaf.standard.expression.GreaterThanExpression;
import org.thymeleaf.standard.expression.IStandardExpression;
import org.thymeleaf.standard.expression.LessOrEqualToExpression;
import org.thymeleaf.standard.expression.LessThanExpression;
import org.thymeleaf.standard.expression.LinkExpression;
import org.thymeleaf.standard.expression.MinusExpression;
import org.thymeleaf.standard.expression.MultiplicationExpression;
import org.thymeleaf.standard.expression.NegationExpression;
import org.thymeleaf.standard.expression.NoOpTokenExpression;
import org.thymeleaf.standard.expression.NotEqualsExpression;
import org.thymeleaf.standard.expression.NullTokenExpression;
import org.thymeleaf.standard.expression.NumberTokenExpression;
import org.thymeleaf.standard.expression.OrExpression;
import org.thymeleaf.standard.expression.RemainderExpression;
import org.thymeleaf.standard.expression.StandardExpressionExecutionContext;
import org.thymeleaf.standard.expression.SubtractionExpression;
import org.thymeleaf.standard.expression.TextLiteralExpression;
import org.thymeleaf.standard.expression.VariableExpression;

/**
 * Rebuilds a parsed expression so that its cost is bounded: every operand of an arithmetic operator or a
 * comparison is checked against {@link NumberLimits} before Thymeleaf turns it into a {@code BigDecimal} and
 * computes with it, and executing the whole expression is charged to the {@link RenderBudget}.
 *
 * <p>Thymeleaf's operators read their operands through {@link IStandardExpression#execute}, so an operand
 * wrapped in a checking expression is checked on every execution. Addition is the exception: it executes
 * operands that are {@link Expression}s directly (so that {@code '5' + 1} concatenates), which is why its text
 * literals and nested additions stay unwrapped and everything else gets a wrapper that is not an
 * {@code Expression}. Link parameters cannot be rebuilt (Thymeleaf keeps their constructors to itself), so
 * inside {@code @{...}} only operators that cannot compute large numbers are allowed.
 *
 * <p>Fails closed: an expression kind this class does not know is refused.
 */
final class ExpressionGuard {
    static final String NOT_IN_LINKS = "inside @{...} only paths, text, numbers, + (to join text), ==, !=, ?: and"
            + " conditions are allowed; compute other values outside the link";
    static final String UNKNOWN = "this kind of expression is not allowed";

    private ExpressionGuard() {}

    /**
     * The guarded form of a parsed attribute value or inline expression; each execution costs
     * {@link RenderBudget#expressionCost}{@code (source)} steps.
     *
     * @throws TemplateRefusedException when the expression holds something the guard cannot bound
     */
    static IStandardExpression guard(String source, IStandardExpression parsed) {
        return new Guarded(source, rebuild(parsed), RenderBudget.expressionCost(source));
    }

    /** The guarded form of a {@code th:each} iterable, whose execution the caller has already charged. */
    static IStandardExpression guardIterable(String source, IStandardExpression parsed) {
        return new Guarded(source, rebuild(parsed), 0);
    }

    private static Expression rebuild(IStandardExpression parsed) {
        if (!(parsed instanceof Expression expression)) {
            throw refused(UNKNOWN, parsed);
        }
        if (expression instanceof AdditionExpression e) {
            return new AdditionExpression(addend(e.getLeft()), addend(e.getRight()));
        }
        if (expression instanceof SubtractionExpression e) {
            return new SubtractionExpression(number(e.getLeft()), number(e.getRight()));
        }
        if (expression instanceof MultiplicationExpression e) {
            return new MultiplicationExpression(number(e.getLeft()), number(e.getRight()));
        }
        if (expression instanceof DivisionExpression e) {
            return new DivisionExpression(number(e.getLeft()), number(e.getRight()));
        }
        if (expression instanceof RemainderExpression e) {
            return new RemainderExpression(number(e.getLeft()), number(e.getRight()));
        }
        if (expression instanceof MinusExpression e) {
            return new MinusExpression(number(e.getOperand()));
        }
        if (expression instanceof EqualsExpression e) {
            return new EqualsExpression(comparand(e.getLeft()), comparand(e.getRight()));
        }
        if (expression instanceof NotEqualsExpression e) {
            return new NotEqualsExpression(comparand(e.getLeft()), comparand(e.getRight()));
        }
        if (expression instanceof GreaterThanExpression e) {
            return new GreaterThanExpression(comparand(e.getLeft()), comparand(e.getRight()));
        }
        if (expression instanceof GreaterOrEqualToExpression e) {
            return new GreaterOrEqualToExpression(comparand(e.getLeft()), comparand(e.getRight()));
        }
        if (expression instanceof LessThanExpression e) {
            return new LessThanExpression(comparand(e.getLeft()), comparand(e.getRight()));
        }
        if (expression instanceof LessOrEqualToExpression e) {
            return new LessOrEqualToExpression(comparand(e.getLeft()), comparand(e.getRight()));
        }
        if (expression instanceof AndExpression e) {
            return new AndExpression(rebuild(e.getLeft()), rebuild(e.getRight()));
        }
        if (expression instanceof OrExpression e) {
            return new OrExpression(rebuild(e.getLeft()), rebuild(e.getRight()));
        }
        if (expression instanceof NegationExpression e) {
            return new NegationExpression(rebuild(e.getOperand()));
        }
        if (expression instanceof ConditionalExpression e) {
            return new ConditionalExpression(
                    rebuild(e.getConditionExpression()),
                    rebuild(e.getThenExpression()),
                    rebuild(e.getElseExpression()));
        }
        if (expression instanceof DefaultExpression e) {
            return new DefaultExpression(rebuild(e.getQueriedExpression()), rebuild(e.getDefaultExpression()));
        }
        if (expression instanceof LinkExpression e) {
            checkLink(e);
            return e;
        }
        if (isLeaf(expression)) {
            return expression;
        }
        throw refused(UNKNOWN, expression);
    }

    /** Values that are read, not computed: their size is bounded by the state or by the expression's length. */
    private static boolean isLeaf(IStandardExpression expression) {
        return expression instanceof VariableExpression
                || expression instanceof TextLiteralExpression
                || expression instanceof NumberTokenExpression
                || expression instanceof BooleanTokenExpression
                || expression instanceof NullTokenExpression
                || expression instanceof NoOpTokenExpression
                || expression instanceof GenericTokenExpression;
    }

    private static Operand number(IStandardExpression operand) {
        return new Operand(rebuild(operand), true);
    }

    private static Operand comparand(IStandardExpression operand) {
        return new Operand(rebuild(operand), false);
    }

    /** Text literals and nested additions must stay {@link Expression}s for Addition to keep concatenating. */
    private static IStandardExpression addend(IStandardExpression operand) {
        if (operand instanceof TextLiteralExpression) {
            return operand;
        }
        if (operand instanceof AdditionExpression) {
            return rebuild(operand);
        }
        return new Addend(rebuild(operand));
    }

    private static void checkLink(LinkExpression link) {
        checkInLink(link.getBase());
        if (link.hasParameters()) {
            for (Assignation parameter : link.getParameters()) {
                checkInLink(parameter.getLeft());
                if (parameter.getRight() != null) {
                    checkInLink(parameter.getRight());
                }
            }
        }
    }

    private static void checkInLink(IStandardExpression expression) {
        if (isLeaf(expression)) {
            return;
        }
        if (expression instanceof AdditionExpression e) {
            checkSimpleInLink(e.getLeft(), true);
            checkSimpleInLink(e.getRight(), true);
        } else if (expression instanceof EqualsExpression e) {
            checkSimpleInLink(e.getLeft(), false);
            checkSimpleInLink(e.getRight(), false);
        } else if (expression instanceof NotEqualsExpression e) {
            checkSimpleInLink(e.getLeft(), false);
            checkSimpleInLink(e.getRight(), false);
        } else if (expression instanceof ConditionalExpression e) {
            checkInLink(e.getConditionExpression());
            checkInLink(e.getThenExpression());
            checkInLink(e.getElseExpression());
        } else if (expression instanceof DefaultExpression e) {
            checkInLink(e.getQueriedExpression());
            checkInLink(e.getDefaultExpression());
        } else if (expression instanceof AndExpression e) {
            checkInLink(e.getLeft());
            checkInLink(e.getRight());
        } else if (expression instanceof OrExpression e) {
            checkInLink(e.getLeft());
            checkInLink(e.getRight());
        } else if (expression instanceof NegationExpression e) {
            checkInLink(e.getOperand());
        } else {
            throw refused(NOT_IN_LINKS, expression);
        }
    }

    /**
     * Operands whose value is bounded and never a long string of digits: paths (the evaluator makes large
     * number-like strings inert), literals and number tokens (bounded by the expression's length), and, for
     * addition, nested additions of the same.
     */
    private static void checkSimpleInLink(IStandardExpression operand, boolean addition) {
        boolean simple = operand instanceof VariableExpression
                || operand instanceof TextLiteralExpression
                || operand instanceof NumberTokenExpression
                || operand instanceof BooleanTokenExpression
                || operand instanceof NullTokenExpression;
        if (simple) {
            return;
        }
        if (addition && operand instanceof AdditionExpression e) {
            checkSimpleInLink(e.getLeft(), true);
            checkSimpleInLink(e.getRight(), true);
            return;
        }
        throw refused(NOT_IN_LINKS, operand);
    }

    private static TemplateRefusedException refused(String reason, IStandardExpression expression) {
        return new TemplateRefusedException(
                new ExpressionPolicy.Violation(reason, expression == null ? "" : expression.getStringRepresentation()));
    }

    /**
     * What may be computed with: numbers within {@link NumberLimits}. A string that Thymeleaf would read as an
     * out-of-bounds number becomes {@link InertText} where text is fine (comparisons, concatenation) and fails
     * the render where only a number is (arithmetic).
     */
    private static Object checked(Object value, boolean numberOnly) {
        if ((numberOnly && value instanceof InertText) || NumberLimits.computedTooLarge(value)) {
            throw new TemplateProcessingException(NumberLimits.TOO_LARGE);
        }
        return inert(value, numberOnly);
    }

    private static Object inert(Object value, boolean numberOnly) {
        if (value instanceof String text && NumberLimits.textTooLarge(text)) {
            if (numberOnly) {
                throw new TemplateProcessingException(NumberLimits.TOO_LARGE);
            }
            return new InertText(text);
        }
        return value;
    }

    /**
     * An operand of an operator other than addition. An {@link Expression} (Minus and the conditional
     * operators take no other), which works because those operators call the overridable
     * {@link Expression#execute(IExpressionContext, StandardExpressionExecutionContext)}; never executed
     * through Thymeleaf's internal dispatch, which does not know it.
     */
    private static final class Operand extends ComplexExpression {
        private static final long serialVersionUID = 1L;

        private final Expression operand;
        private final boolean numberOnly;

        Operand(Expression operand, boolean numberOnly) {
            this.operand = operand;
            this.numberOnly = numberOnly;
        }

        @Override
        public Object execute(IExpressionContext context, StandardExpressionExecutionContext expContext) {
            return checked(operand.execute(context, expContext), numberOnly);
        }

        @Override
        public String getStringRepresentation() {
            return operand.getStringRepresentation();
        }
    }

    /** An operand of an addition: deliberately not an {@link Expression}, so that Addition calls {@link #execute}. */
    private static final class Addend implements IStandardExpression {
        private final Expression operand;

        Addend(Expression operand) {
            this.operand = operand;
        }

        @Override
        public Object execute(IExpressionContext context) {
            return execute(context, StandardExpressionExecutionContext.NORMAL);
        }

        @Override
        public Object execute(IExpressionContext context, StandardExpressionExecutionContext expContext) {
            return checked(operand.execute(context, expContext), false);
        }

        @Override
        public String getStringRepresentation() {
            // Addition puts parentheses around complex operands itself only when they are ComplexExpressions.
            return operand instanceof ComplexExpression
                    ? "(" + operand.getStringRepresentation() + ")"
                    : operand.getStringRepresentation();
        }

        @Override
        public String toString() {
            return getStringRepresentation();
        }
    }

    /**
     * The whole expression: charges the budget, and makes an out-of-bounds number-like result inert (th:case
     * compares results). A computed number is left as it is: it came from checked operands, so it is at most
     * about twice as large as they may be, which is cheap to print and compare.
     */
    private static final class Guarded implements IStandardExpression {
        private final String source;
        private final Expression expression;
        private final long cost;

        Guarded(String source, Expression expression, long cost) {
            this.source = source;
            this.expression = expression;
            this.cost = cost;
        }

        @Override
        public Object execute(IExpressionContext context) {
            return execute(context, StandardExpressionExecutionContext.NORMAL);
        }

        @Override
        public Object execute(IExpressionContext context, StandardExpressionExecutionContext expContext) {
            RenderBudget.charge(context, cost);
            return inert(expression.execute(context, expContext), false);
        }

        @Override
        public String getStringRepresentation() {
            return source;
        }

        @Override
        public String toString() {
            return source;
        }
    }
}
