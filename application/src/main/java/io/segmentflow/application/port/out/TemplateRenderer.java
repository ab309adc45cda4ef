package io.segmentflow.application.port.out;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.domain.template.TemplateContent;
import java.util.List;

/**
 * Renders template content with the three namespaces of template state. Customer templates are not
 * trusted code: {@link #check} lists every expression that is more than a path into that state.
 */
public interface TemplateRenderer {
    /** The template state of one render, each a JSON object text: {@code data}, {@code profile}, {@code event}. */
    record RenderState(String data, String profile, String event) {
        public static final RenderState EMPTY = new RenderState("{}", "{}", "{}");
    }

    /** {@code warnings} say what the render changed to keep the output safe, such as an unsafe link it replaced. */
    record RenderedEmail(String subject, String html, String text, List<String> warnings) {
        public RenderedEmail {
            warnings = List.copyOf(warnings);
        }

        public RenderedEmail(String subject, String html, String text) {
            this(subject, html, text, List.of());
        }
    }

    /** Problems that forbid saving the content; empty when it is safe. */
    List<FieldError> check(TemplateContent content);

    /** @throws io.segmentflow.application.error.TemplateRenderFailedException when it cannot render */
    RenderedEmail render(TemplateContent content, RenderState state);
}
