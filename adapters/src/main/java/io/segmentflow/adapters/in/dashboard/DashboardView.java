package io.segmentflow.adapters.in.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * Renders a dashboard page: the template {@code dashboard/<name>.html} (which lays itself out with
 * {@code layout.html}'s {@code page} fragment) with the page's model, plus what every page has: {@code title},
 * {@code operator} (who is signed in) and {@code _csrf} (the session's {@link CsrfToken}). Pages are our own
 * templates, never customers': this engine has nothing to do with the one that renders emails.
 *
 * <p>Every page is sent with headers that keep it to itself: no caching, no framing by others, and a content security
 * policy under which only the application's own scripts and styles run.
 */
@ApplicationScoped
public class DashboardView {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self';"
            + " script-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'self'";

    private final TemplateEngine engine = engine();

    /** How pages write times: in UTC, said so. Templates reach it as {@code times}. */
    public static final class Times {
        private static final DateTimeFormatter FULL =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
        private static final DateTimeFormatter MINUTE =
                DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

        private Times() {}

        /** The time to the second, or a dash for none. */
        public String utc(Instant instant) {
            return instant == null ? "–" : FULL.format(instant);
        }

        /** The hour and minute of the day in UTC. */
        public String minute(Instant instant) {
            return MINUTE.format(instant);
        }
    }

    private static final Times TIMES = new Times();

    /** Renders {@code template} with {@code model} as the whole answer, with {@code status}. */
    public void render(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String template,
            String title,
            Map<String, Object> model)
            throws IOException {
        // A web context, so that links written @{/dashboard/...} get the application's context path.
        WebContext context = new WebContext(
                JakartaServletWebApplication.buildApplication(request.getServletContext())
                        .buildExchange(request, response),
                Locale.ENGLISH);
        Map<String, Object> variables = new HashMap<>(model);
        variables.put("title", title);
        variables.put("operator", request.getRemoteUser());
        variables.put(CsrfToken.FIELD, CsrfToken.of(request.getSession()));
        variables.put("times", TIMES);
        context.setVariables(variables);
        String html = engine.process(template, context);
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        secure(response);
        response.getWriter().write(html);
    }

    /** A page that says in words what went wrong, and nothing of how. */
    public void error(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        render(request, response, status, "error", "Something is not right", Map.of("message", message));
    }

    /** The headers every dashboard answer carries, pages and their data alike. */
    public static void secure(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }

    private static TemplateEngine engine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(DashboardView.class.getClassLoader());
        resolver.setPrefix("dashboard/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
