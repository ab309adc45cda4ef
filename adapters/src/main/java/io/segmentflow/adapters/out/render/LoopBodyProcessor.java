package io.segmentflow.adapters.out.render;

import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.model.IModel;
import org.thymeleaf.processor.element.AbstractAttributeModelProcessor;
import org.thymeleaf.processor.element.IElementModelStructureHandler;
import org.thymeleaf.standard.processor.StandardEachTagProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Measures the body of every {@code th:each} element before it iterates, so that {@link BudgetedEachTagProcessor}
 * can charge each iteration for it: an iteration walks every event of the body even when it outputs nothing
 * ({@code th:if} false, {@code th:block}s), so counting iterations alone would let a large body in a long loop
 * run for minutes. A model processor because only those see an element's body; it changes nothing.
 */
final class LoopBodyProcessor extends AbstractAttributeModelProcessor {
    /** Not an identifier, so no template path can name it and no loop variable can shadow it. */
    static final String VARIABLE = "%segmentflow.loopBodyEvents";
    /** After the {@link AttributeGuardProcessor} (0), before {@code th:each} (200). */
    private static final int PRECEDENCE = 100;

    LoopBodyProcessor(TemplateMode templateMode, String dialectPrefix) {
        super(templateMode, dialectPrefix, null, false, StandardEachTagProcessor.ATTR_NAME, true, PRECEDENCE, false);
    }

    @Override
    protected void doProcess(
            ITemplateContext context,
            IModel model,
            AttributeName attributeName,
            String attributeValue,
            IElementModelStructureHandler structureHandler) {
        structureHandler.setLocalVariable(VARIABLE, model.size());
    }

    /** The events in the body of the loop being processed in {@code context}. */
    static int bodyEvents(ITemplateContext context) {
        return context.getVariable(VARIABLE) instanceof Integer events ? events : 0;
    }
}
