package io.segmentflow.adapters.out.render;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
    private static final int CHUNK_CHARS = 1024;

    private record Pending(String name, String source, TemplateMode mode) {
    }

    /** What {@link #during} returns: closing it forgets the source again. */
    interface Resolving extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The name {@code source} is cached under: the mode and the digest of the source's UTF-16 code units, which
     * (unlike an encoding to bytes, which replaces unpaired surrogates) maps different strings apart.
     */
    static String nameOf(String source, TemplateMode mode) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
        byte[] bytes = new byte[2 * CHUNK_CHARS];
        for (int start = 0; start < source.length(); start += CHUNK_CHARS) {
            int end = Math.min(source.length(), start + CHUNK_CHARS);
            for (int i = start; i < end; i++) {
                char c = source.charAt(i);
                bytes[2 * (i - start)] = (byte) (c >>> 8);
                bytes[2 * (i - start) + 1] = (byte) c;
            }
            sha256.update(bytes, 0, 2 * (end - start));
        }
        return "segmentflow-" + mode.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + HexFormat.of().formatHex(sha256.digest());
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
    public TemplateResolution resolveTemplate(IEngineConfiguration configuration, String ownerTemplate, String template,
                                              Map<String, Object> templateResolutionAttributes) {
        Pending pending = PENDING.get();
        if (pending == null || !pending.name().equals(template)) {
            return null; // never guess: the engine then reports that the template cannot be resolved
        }
        return new TemplateResolution(new StringTemplateResource(pending.source()), false, pending.mode(), false,
                AlwaysValidCacheEntryValidity.INSTANCE);
    }
}
