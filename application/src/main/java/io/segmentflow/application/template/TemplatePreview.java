package io.segmentflow.application.template;

import java.util.List;

/**
 * A template rendered without sending, as a send would render it; {@code text} is null when the template has
 * none, and {@code warnings} say what the render changed to keep the output safe, such as an unsafe link.
 */
public record TemplatePreview(String subject, String html, String text, List<String> warnings) {
    public TemplatePreview {
        warnings = List.copyOf(warnings);
    }
}
