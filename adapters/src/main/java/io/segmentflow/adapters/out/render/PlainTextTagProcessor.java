package io.segmentflow.adapters.out.render;

import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.expression.NoOpToken;
import org.thymeleaf.standard.expression.StandardExpressionExecutionContext;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.standard.processor.StandardTextTagProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * {@code th:text} (and so {@code [[...]]}) for TEXT mode: the subject and the plain-text body are not HTML,
 * so the standard processor's HTML escaping would put {@code &amp;} into a subject line. The output is
 * never parsed again, so values stay inert.
 */
final class PlainTextTagProcessor extends AbstractAttributeTagProcessor {

    PlainTextTagProcessor(String dialectPrefix) {
        super(
                TemplateMode.TEXT,
                dialectPrefix,
                null,
                false,
                StandardTextTagProcessor.ATTR_NAME,
                true,
                StandardTextTagProcessor.PRECEDENCE,
                true);
    }

    @Override
    protected void doProcess(
            ITemplateContext context,
            IProcessableElementTag tag,
            AttributeName attributeName,
            String attributeValue,
            IElementTagStructureHandler structureHandler) {
        Object result = StandardExpressions.getExpressionParser(context.getConfiguration())
                .parseExpression(context, attributeValue)
                .execute(context, StandardExpressionExecutionContext.RESTRICTED);
        if (result == NoOpToken.VALUE) {
            return;
        }
        structureHandler.setBody(result == null ? "" : result.toString(), false);
    }
}
