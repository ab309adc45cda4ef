package io.segmentflow.adapters.out.render;

import org.thymeleaf.exceptions.TemplateProcessingException;

/**
 * Thrown while rendering when a template asks for more than the customer template language allows.
 * Keeps the short reason apart from the engine's message, which appends the whole template as its name.
 */
final class TemplateRefusedException extends TemplateProcessingException {
    private static final long serialVersionUID = 1L;

    private final transient ExpressionPolicy.Violation violation;

    TemplateRefusedException(ExpressionPolicy.Violation violation) {
        super(violation.reason());
        this.violation = violation;
    }

    ExpressionPolicy.Violation violation() {
        return violation;
    }
}
