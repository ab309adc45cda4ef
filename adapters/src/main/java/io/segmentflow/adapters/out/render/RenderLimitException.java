package io.segmentflow.adapters.out.render;

import org.thymeleaf.exceptions.TemplateProcessingException;

/**
 * A render that went past one of the limits that keep a template from monopolising a node: its output size or
 * its {@link RenderBudget}. A {@link TemplateProcessingException} so that the engine lets it through; the
 * renderer finds it in the cause chain and reports {@link #reason()}, which is without the engine's suffix.
 */
final class RenderLimitException extends TemplateProcessingException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    RenderLimitException(String reason) {
        super(reason);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }

    /** The limit somewhere in the causes of {@code failure}, or null. */
    static RenderLimitException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RenderLimitException limit) {
                return limit;
            }
        }
        return null;
    }
}
