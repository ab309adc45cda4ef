package io.segmentflow.adapters.out.render;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.TemplateRenderFailedException;
import io.segmentflow.application.port.out.TemplateRenderer;
import io.segmentflow.domain.template.TemplateContent;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.TemplateSpec;
import org.thymeleaf.cache.StandardCacheManager;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateEngineException;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/**
 * Renders customer templates with Thymeleaf, treating them as untrusted code: expressions may only read paths
 * into {@code data}, {@code profile} and {@code event} (see {@link ExpressionPolicy}). The subject and the text
 * body are TEXT templates, the HTML body an HTML template. Thread-safe; build one and share it.
 */
public class ThymeleafTemplateRenderer implements TemplateRenderer {
    /**
     * Parsed templates are cached by content, since one snapshot renders for every recipient. The cache holds
     * soft references, so the bound is a ceiling rather than a reservation.
     */
    private static final int TEMPLATE_CACHE_SIZE = 2000;
    private static final int EXPRESSION_CACHE_SIZE = 5000;
    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("\\p{Cntrl}+");

    private final TemplateEngine renderingEngine = engine(CustomerTemplateDialect.forRendering(), true);
    private final TemplateEngine checkingEngine = engine(CustomerTemplateDialect.forChecking(), false);
    private final StateJson json = new StateJson();

    public ThymeleafTemplateRenderer() {
        // Public no-arg constructor for the CDI wiring.
    }

    @Override
    public List<FieldError> check(TemplateContent content) {
        List<FieldError> errors = new ArrayList<>();
        check(errors, "subject", content.subject(), TemplateMode.TEXT);
        check(errors, "html", content.html(), TemplateMode.HTML);
        if (content.text() != null) {
            check(errors, "text", content.text(), TemplateMode.TEXT);
        }
        return List.copyOf(errors);
    }

    @Override
    public RenderedEmail render(TemplateContent content, RenderState state) {
        Context context = new Context(Locale.ROOT, variables(state));
        String subject = render("subject", content.subject(), TemplateMode.TEXT, context);
        String html = render("html", content.html(), TemplateMode.HTML, context);
        String text = content.text() == null ? null : render("text", content.text(), TemplateMode.TEXT, context);
        // A value with a line break must not turn the subject into more than one header line.
        return new RenderedEmail(CONTROL_CHARACTERS.matcher(subject).replaceAll(" ").strip(), html, text);
    }

    /** Parses without evaluating: an empty state would fail comparisons such as ${data.total} > 100. */
    private void check(List<FieldError> errors, String field, String source, TemplateMode mode) {
        TemplateFindings findings = new TemplateFindings();
        Context context = new Context(Locale.ROOT, Map.of(TemplateFindings.VARIABLE, findings));
        try {
            checkingEngine.process(new TemplateSpec(source, mode), context, Writer.nullWriter());
        } catch (TemplateEngineException e) {
            findings.add(RenderFailure.describe(e, true));
        }
        findings.messages().forEach(message -> errors.add(new FieldError(field, message)));
    }

    private String render(String part, String source, TemplateMode mode, Context context) {
        try {
            return renderingEngine.process(new TemplateSpec(source, mode), context);
        } catch (TemplateEngineException e) {
            throw new TemplateRenderFailedException("The " + part + " template cannot be rendered: "
                    + RenderFailure.describe(e, false));
        }
    }

    private Map<String, Object> variables(RenderState state) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("data", namespace("data", state.data()));
        variables.put("profile", namespace("profile", state.profile()));
        variables.put("event", namespace("event", state.event()));
        return variables;
    }

    private Map<String, Object> namespace(String name, String jsonText) {
        try {
            return json.parseObject(jsonText);
        } catch (IllegalArgumentException e) {
            throw new TemplateRenderFailedException("The template state '" + name + "' " + e.getMessage());
        }
    }

    private static TemplateEngine engine(CustomerTemplateDialect dialect, boolean cached) {
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setCacheable(cached);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        engine.setDialect(dialect); // replaces the standard dialect: no OGNL, no unrestricted processors
        if (cached) {
            StandardCacheManager caches = new StandardCacheManager();
            caches.setTemplateCacheMaxSize(TEMPLATE_CACHE_SIZE);
            caches.setExpressionCacheMaxSize(EXPRESSION_CACHE_SIZE);
            engine.setCacheManager(caches);
        } else {
            engine.setCacheManager(null);
        }
        return engine;
    }
}
