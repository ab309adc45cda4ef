package io.segmentflow.adapters.out.render;

import io.segmentflow.domain.shared.Sha256;
import java.util.Locale;
import java.util.Map;
import org.thymeleaf.IEngineConfiguration;
import org.thymeleaf.cache.AlwaysValidCacheEntryValidity;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ITemplateResolver;
import org.thymeleaf.templateresolver.TemplateResolution;
import org.thymeleaf.templateresource.StringTemplateResource;

/**
 * Lets the engine cache parsed templates under a SHA-256 digest of their source instead of the source itself:
 * Thymeleaf keys its template cache by template name, and with a {@code StringTemplateResolver} the name is
 * the whole template, held strongly by the cache. Here the name is {@link #nameOf} the source and mode, and the
 * source travels beside the name, in a thread-local set only {@link #during} the engine call that might need to
 * resolve it; different sources never share a name, and each thread resolves only its own.
 */
final class DigestTemplateResolver implements ITemplateResolver {
    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

    private record Pending(String name, String source, TemplateMode mode) {}

    /** What {@link #during} returns: closing it forgets the source again. */
    interface Resolving extends AutoCloseable {
        @Override
        void close();
    }

    /** The name {@code source} is cached under: the mode and the digest of the source. */
    static String nameOf(String source, TemplateMode mode) {
        return "segmentflow-" + mode.name().toLowerCase(Locale.ROOT) + "-" + Sha256.ofChars(source);
    }

    /** Makes {@code source} resolvable under {@code name} on this thread until the result is closed. */
    static Resolving during(String name, String source, TemplateMode mode) {
        Pending previous = PENDING.get();
        PENDING.set(new Pending(name, source, mode));
        return () -> {
            if (previous == null) {
                PENDING.remove();
            } else {
                PENDING.set(previous);
            }
        };
    }

    @Override
    public String getName() {
        return "segmentflow-digest";
    }

    @Override
    public Integer getOrder() {
        return 1;
    }

    @Override
    public TemplateResolution resolveTemplate(
            IEngineConfiguration configuration,
            String ownerTemplate,
            String template,
            Map<String, Object> templateResolutionAttributes) {
        Pending pending = PENDING.get();
        if (pending == null || !pending.name().equals(template)) {
            return null; // never guess: the engine then reports that the template cannot be resolved
        }
        return new TemplateResolution(
                new StringTemplateResource(pending.source()),
                false,
                pending.mode(),
                false,
                AlwaysValidCacheEntryValidity.INSTANCE);
    }
}
