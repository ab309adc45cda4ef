package io.segmentflow.application.error;

/** A template could not be rendered with the given state. */
public class TemplateRenderFailedException extends ApplicationException {
    public TemplateRenderFailedException(String message) {
        super("template_render_failed", message);
    }
}
