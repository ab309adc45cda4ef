package io.segmentflow.adapters.out.render;

import java.util.ArrayList;
import java.util.List;
import org.thymeleaf.context.IExpressionContext;

/** The violations one template check collects; travels in the check's context, so checks run concurrently. */
final class TemplateFindings {
    /** Not an identifier, so no template path can name it. */
    static final String VARIABLE = "%segmentflow.templateFindings";

    private final List<String> messages = new ArrayList<>();

    static TemplateFindings of(IExpressionContext context) {
        return (TemplateFindings) context.getVariable(VARIABLE);
    }

    void add(int line, ExpressionPolicy.Violation violation) {
        String message = (line > 0 ? "line " + line + ": " : "") + violation.expression() + ": " + violation.reason();
        if (!messages.contains(message)) {
            messages.add(message);
        }
    }

    void add(String message) {
        messages.add(message);
    }

    List<String> messages() {
        return List.copyOf(messages);
    }
}
