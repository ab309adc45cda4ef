package io.segmentflow.adapters.out.render;

import org.thymeleaf.context.IExpressionContext;

/**
 * The work one render (subject, html and text together) may do, counted in steps: every expression executed
 * (more for long ones), every {@code ${...}} path evaluated (more for large values), every loop iteration (more
 * for large loop bodies). A render that runs out fails, so that a template cannot keep a thread busy for long
 * whatever its state holds. Travels in the render's context; one render runs on one thread.
 */
final class RenderBudget {
    /** Not an identifier, so no template path can name it and no loop variable can shadow it. */
    static final String VARIABLE = "%segmentflow.renderBudget";

    static final long MAX_STEPS = 100_000;

    /** One more step per this many characters of an expression: about one per operator. */
    static final int EXPRESSION_CHARS_PER_STEP = 20;
    /** One more step per this many characters (roughly, as JSON) of a value a path evaluates to. */
    static final int VALUE_CHARS_PER_STEP = 64;
    /** One more step per this many template events in the body of a loop, for each iteration. */
    static final int BODY_EVENTS_PER_STEP = 20;

    private long steps;

    /** The budget of the render {@code context} belongs to, or null outside a render (checks, unit tests). */
    static RenderBudget of(IExpressionContext context) {
        Object budget = context.getVariable(VARIABLE);
        if (budget == null || budget instanceof RenderBudget) {
            return (RenderBudget) budget;
        }
        throw new IllegalStateException("The render budget variable holds something else");
    }

    static void charge(IExpressionContext context, long steps) {
        RenderBudget budget = of(context);
        if (budget != null) {
            budget.charge(steps);
        }
    }

    static long expressionCost(String expression) {
        return 1 + expression.length() / EXPRESSION_CHARS_PER_STEP;
    }

    void charge(long more) {
        steps += more;
        if (steps > MAX_STEPS) {
            throw new RenderLimitException("the template did more than " + MAX_STEPS + " steps");
        }
    }

    long steps() {
        return steps;
    }
}
