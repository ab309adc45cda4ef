package io.segmentflow.adapters.in.unsubscribe;

import io.segmentflow.application.audience.UnsubscribeUseCase;
import io.segmentflow.application.audience.UnsubscribeUseCase.Subject;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /unsubscribe/<token>}, the link in the List-Unsubscribe header and in emails. A POST unsubscribes (what a mail
 * client's one-click sends, {@code List-Unsubscribe=One-Click}, and what the page's button sends), with no cookie and
 * no login: the signed token is the authority. A GET only shows the page with its confirm button, since link
 * scanners and previews follow links without a person. A token that is not genuine changes nothing and says so (400).
 * The page names the group and nothing of the Profile.
 */
@WebServlet("/unsubscribe/*")
public class UnsubscribePage extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** How the OpenAPI document names this page's path. */
    public static final String DOCUMENTED_PATH = "/unsubscribe/{token}";

    @Inject
    transient UnsubscribeUseCase unsubscribe;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = tokenOf(request);
        Optional<Subject> subject = unsubscribe.look(token);
        if (subject.isEmpty()) {
            answer(response, 400, "Link not valid", notValid());
        } else if (subject.get().unsubscribed()) {
            answer(response, 200, "Unsubscribed", done(subject.get()));
        } else {
            answer(response, 200, "Unsubscribe", confirm(subject.get(), token));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Subject> subject = unsubscribe.unsubscribe(tokenOf(request));
        if (subject.isEmpty()) {
            answer(response, 400, "Link not valid", notValid());
        } else {
            answer(response, 200, "Unsubscribed", done(subject.get()));
        }
    }

    /** The path after {@code /unsubscribe/}; anything but one path segment is no token. */
    static String tokenOf(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            return "";
        }
        return path.substring(1);
    }

    private static String confirm(Subject subject, String token) {
        // The token was read and verified, so it holds only letters, digits, '_', '-' and '.': a safe relative action.
        return "<p>Unsubscribe from <strong>" + escape(subject.groupName()) + "</strong>?</p>"
                + "<form method=\"post\" action=\"" + escape(token) + "\">"
                + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>";
    }

    private static String done(Subject subject) {
        return "<p>You are unsubscribed from <strong>" + escape(subject.groupName())
                + "</strong>. You will get no more of its emails.</p>";
    }

    private static String notValid() {
        return "<p>This unsubscribe link is not valid: it may have been altered or cut short. Nothing was changed."
                + " Please use the link from the email exactly as it came.</p>";
    }

    private static void answer(HttpServletResponse response, int status, String title, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        // The token is in the URL: never pass it on. The page needs nothing from anywhere.
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(
                "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        response.getWriter()
                .write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        + "<title>" + title + "</title>"
                        + "<style>body{font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style>"
                        + "</head><body><h1>" + title + "</h1>" + body + "</body></html>");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
