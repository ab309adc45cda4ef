package io.segmentflow.adapters.out.render;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.TemplateRenderFailedException;
import io.segmentflow.application.port.out.TemplateRenderer;
import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.template.TemplateContent;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.TemplateSpec;
import org.thymeleaf.cache.StandardCacheManager;
import org.thymeleaf.cache.TemplateCacheKey;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateEngineException;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/**
 * Renders customer templates with Thymeleaf, treating them as untrusted code: expressions may only read paths
 * into {@code data}, {@code profile} and {@code event} (see {@link ExpressionPolicy}). The subject and the text
 * body are TEXT templates, the HTML body an HTML template. Thread-safe; build one and share it.
 *
 * <p>A render is bounded, so that no template and no state can monopolise the thread that renders it (the
 * preview endpoint renders on request threads): each part's output is capped ({@link #MAX_BODY_CHARS},
 * {@link #MAX_SUBJECT_CHARS}), the work of the whole render is counted against a {@link RenderBudget}, and
 * numbers are kept small enough to compute with cheaply ({@link NumberLimits}). Going past any of these fails
 * the render with a {@link TemplateRenderFailedException}.
 */
public class ThymeleafTemplateRenderer implements TemplateRenderer {
    /**
     * Parsed templates are cached, since one snapshot renders for every recipient, under a digest of their
     * source ({@link DigestTemplateResolver}). The cache holds the parsed templates through soft references, so
     * the bound is a ceiling rather than a reservation; the keys are short.
     */
    private static final int TEMPLATE_CACHE_SIZE = 500;
    /** Keyed by expression text, which {@link ExpressionPolicy#MAX_EXPRESSION_LENGTH} keeps short. */
    private static final int EXPRESSION_CACHE_SIZE = 5000;

    static final int MAX_BODY_CHARS = 2 * 1024 * 1024;
    /** Plenty: the subject is cut to a header line's 998 characters afterwards anyway. */
    static final int MAX_SUBJECT_CHARS = 16 * 1024;

    /**
     * Contents whose part names are kept ({@link PartNames}); the whole map is dropped when it grows past this, so it
     * needs no bookkeeping per entry. As many as the parsed templates the engine keeps.
     */
    static final int CONTENTS_KEPT = TEMPLATE_CACHE_SIZE;

    private final TemplateEngine renderingEngine = engine(CustomerTemplateDialect.forRendering(), true);
    /**
     * By content, not by snapshot id, so that two contents can never share a name and so a parse. Delivery hands in
     * the same content instance for every recipient of a snapshot (snapshots never change and are kept in memory),
     * whose strings cache their hash: a look-up here costs far less than the digests it saves.
     */
    private final Map<TemplateContent, PartNames> partNames = new ConcurrentHashMap<>();

    private final TemplateEngine checkingEngine = engine(CustomerTemplateDialect.forChecking(), false);
    private final StateJson json = new StateJson();

    public ThymeleafTemplateRenderer() {
        // One engine for the whole application: its cache is what makes repeated renders cheap.
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
        RenderBudget budget = new RenderBudget(); // one budget for all three parts
        Map<String, Object> variables = variables(state, budget);
        variables.put(RenderBudget.VARIABLE, budget);
        RenderWarnings warnings = new RenderWarnings();
        variables.put(RenderWarnings.VARIABLE, warnings);
        Context context = new Context(Locale.ROOT, variables);
        PartNames names = namesOf(content);
        String subject =
                render("subject", names.subject(), content.subject(), TemplateMode.TEXT, context, MAX_SUBJECT_CHARS);
        String html = render("html", names.html(), content.html(), TemplateMode.HTML, context, MAX_BODY_CHARS);
        String text = content.text() == null
                ? null
                : render("text", names.text(), content.text(), TemplateMode.TEXT, context, MAX_BODY_CHARS);
        // A value with a line break must not turn the subject into more than one header line.
        return new RenderedEmail(HeaderText.flatten(subject), html, text, warnings.list());
    }

    /**
     * The names the engine caches each part's parsed template under ({@link DigestTemplateResolver#nameOf}): a digest
     * of the part's source, computed once per content rather than on every render, where it took a fifth of the
     * render's time. Only the names are kept; the policy and the render limits act on every render as before.
     */
    private record PartNames(String subject, String html, String text) {}

    private PartNames namesOf(TemplateContent content) {
        PartNames names = partNames.get(content);
        if (names == null) {
            names = new PartNames(
                    DigestTemplateResolver.nameOf(content.subject(), TemplateMode.TEXT),
                    DigestTemplateResolver.nameOf(content.html(), TemplateMode.HTML),
                    content.text() == null ? null : DigestTemplateResolver.nameOf(content.text(), TemplateMode.TEXT));
            if (partNames.size() >= CONTENTS_KEPT) {
                partNames.clear();
            }
            partNames.put(content, names);
        }
        return names;
    }

    /** How many contents have their part names kept; for tests. */
    int contentsKept() {
        return partNames.size();
    }

    /** The names the rendering engine's template cache holds parsed templates under; for tests. */
    Set<String> cachedTemplateNames() {
        return renderingEngine.getCacheManager().getTemplateCache().keySet().stream()
                .map(TemplateCacheKey::getTemplate)
                .collect(Collectors.toUnmodifiableSet());
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

    private String render(String part, String name, String source, TemplateMode mode, Context context, int maxChars) {
        LimitedWriter out = new LimitedWriter(maxChars, "the rendered " + part + " is larger than " + size(maxChars));
        try (DigestTemplateResolver.Resolving resolving = DigestTemplateResolver.during(name, source, mode)) {
            renderingEngine.process(new TemplateSpec(name, mode), context, out);
        } catch (TemplateEngineException e) {
            RenderLimitException limit = RenderLimitException.in(e);
            throw new TemplateRenderFailedException("The " + part + " template cannot be rendered: "
                    + (limit != null ? limit.reason() : RenderFailure.describe(e, false)));
        }
        return out.toString();
    }

    private static String size(int chars) {
        return chars % (1024 * 1024) == 0 ? chars / (1024 * 1024) + " MiB" : chars / 1024 + " KiB";
    }

    private Map<String, Object> variables(RenderState state, RenderBudget budget) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("data", namespace("data", state.data(), budget));
        variables.put("profile", namespace("profile", state.profile(), budget));
        variables.put("event", namespace("event", state.event(), budget));
        return variables;
    }

    private Map<String, Object> namespace(String name, String jsonText, RenderBudget budget) {
        try {
            return json.parseObject(jsonText, budget);
        } catch (IllegalArgumentException e) {
            throw new TemplateRenderFailedException("The template state '" + name + "' " + e.getMessage());
        }
    }

    /**
     * The rendering engine resolves digests ({@link DigestTemplateResolver}) and caches; the checking engine
     * takes the source as the template's name and caches nothing, since each template is checked once.
     */
    private static TemplateEngine engine(CustomerTemplateDialect dialect, boolean cached) {
        TemplateEngine engine = new TemplateEngine();
        if (cached) {
            engine.setTemplateResolver(new DigestTemplateResolver());
        } else {
            StringTemplateResolver resolver = new StringTemplateResolver();
            resolver.setCacheable(false);
            engine.setTemplateResolver(resolver);
        }
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
