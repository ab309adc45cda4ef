package io.segmentflow.adapters.out.render;

import java.util.ArrayList;
import java.util.List;
import org.thymeleaf.context.IExpressionContext;

/**
 * What a render changed to keep the output safe, said to whoever previews it. Travels in the render's context,
 * like the {@link RenderBudget}; one render runs on one thread.
 */
final class RenderWarnings {
    /** Not an identifier, so no template path can name it and no loop variable can shadow it. */
    static final String VARIABLE = "%segmentflow.renderWarnings";
    /** A loop can repeat the same warning for every item: the first few say it. */
    private static final int MAX_WARNINGS = 20;

    private final List<String> warnings = new ArrayList<>();

    static void add(IExpressionContext context, String warning) {
        if (context.getVariable(VARIABLE) instanceof RenderWarnings render
                && render.warnings.size() < MAX_WARNINGS
                && !render.warnings.contains(warning)) {
            render.warnings.add(warning);
        }
    }

    List<String> list() {
        return List.copyOf(warnings);
    }
}
