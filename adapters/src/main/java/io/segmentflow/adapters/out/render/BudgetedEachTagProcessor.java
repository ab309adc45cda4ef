package io.segmentflow.adapters.out.render;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.expression.Each;
import org.thymeleaf.standard.expression.EachUtils;
import org.thymeleaf.standard.expression.GenericTokenExpression;
import org.thymeleaf.standard.expression.IStandardExpression;
import org.thymeleaf.standard.processor.StandardEachTagProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * {@code th:each} as Thymeleaf's {@link StandardEachTagProcessor} does it (which is final), plus limits: the
 * iterable is {@link ExpressionGuard guarded}, each iteration is charged to the {@link RenderBudget} (one step,
 * plus one per {@link RenderBudget#BODY_EVENTS_PER_STEP} events of the body {@link LoopBodyProcessor} measured),
 * and the loop variables must be plain names, so that a loop cannot shadow the render's own variables.
 */
final class BudgetedEachTagProcessor extends AbstractAttributeTagProcessor {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final String PLAIN_NAMES = "loop variables must be plain names, as in th:each=\"item, status : ${...}\"";

    BudgetedEachTagProcessor(TemplateMode templateMode, String dialectPrefix) {
        super(
                templateMode,
                dialectPrefix,
                null,
                false,
                StandardEachTagProcessor.ATTR_NAME,
                true,
                StandardEachTagProcessor.PRECEDENCE,
                true);
    }

    @Override
    protected void doProcess(
            ITemplateContext context,
            IProcessableElementTag tag,
            AttributeName attributeName,
            String attributeValue,
            IElementTagStructureHandler structureHandler) {
        RenderBudget budget = RenderBudget.of(context);
        if (budget != null) {
            budget.charge(RenderBudget.expressionCost(attributeValue));
        }
        Each each = EachUtils.parseEach(context, attributeValue);
        if (!hasPlainNames(each)) {
            throw new TemplateRefusedException(new ExpressionPolicy.Violation(PLAIN_NAMES, attributeValue));
        }
        String iterVar = variableName(each.getIterVar());
        String statusVar = each.hasStatusVar() ? variableName(each.getStatusVar()) : null; // null: iterVar + "Stat"
        Object iterated = ExpressionGuard.guardIterable(attributeValue, each.getIterable())
                .execute(context);
        long perIteration = 1 + LoopBodyProcessor.bodyEvents(context) / RenderBudget.BODY_EVENTS_PER_STEP;
        structureHandler.iterateElement(iterVar, statusVar, counted(iterated, budget, perIteration));
    }

    /** Whether the loop and status variables are written as plain names rather than computed. */
    static boolean hasPlainNames(Each each) {
        return variableName(each.getIterVar()) != null
                && (!each.hasStatusVar() || variableName(each.getStatusVar()) != null);
    }

    /** The name a loop variable expression stands for, or null when it is anything but a plain name. */
    private static String variableName(IStandardExpression expression) {
        if (expression instanceof GenericTokenExpression token
                && token.getValue() instanceof String name
                && NAME.matcher(name).matches()) {
            return name;
        }
        return null;
    }

    /**
     * {@code iterated}, iterating as Thymeleaf would iterate it (maps by entry, other single values once), and
     * charging {@code perIteration} steps for every element it hands out.
     */
    private static Object counted(Object iterated, RenderBudget budget, long perIteration) {
        if (budget == null || iterated == null) {
            return iterated;
        }
        if (iterated instanceof Collection<?> collection) {
            return new Counted(collection, budget, perIteration);
        }
        if (iterated instanceof Map<?, ?> map) {
            return new Counted(map.entrySet(), budget, perIteration);
        }
        if (iterated instanceof Iterable<?>
                || iterated instanceof Iterator<?>
                || iterated.getClass().isArray()) {
            // Template state holds none of these; refuse rather than iterate something uncounted.
            throw new TemplateProcessingException("this value cannot be iterated");
        }
        budget.charge(perIteration);
        return iterated;
    }

    private static final class Counted extends AbstractCollection<Object> {
        private final Collection<?> elements;
        private final RenderBudget budget;
        private final long perIteration;

        Counted(Collection<?> elements, RenderBudget budget, long perIteration) {
            this.elements = elements;
            this.budget = budget;
            this.perIteration = perIteration;
        }

        @Override
        public int size() {
            return elements.size();
        }

        @Override
        public Iterator<Object> iterator() {
            Iterator<?> iterator = elements.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return iterator.hasNext();
                }

                @Override
                public Object next() {
                    budget.charge(perIteration);
                    return iterator.next();
                }
            };
        }
    }
}
