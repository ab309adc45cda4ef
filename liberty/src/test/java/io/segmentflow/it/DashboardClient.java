package io.segmentflow.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The dashboard as a plain HTTP client sees it: one cookie jar (one browser's session), redirects not followed, so a
 * test sees each answer as the server gave it.
 */
final class DashboardClient {
    static final String ADMIN_EMAIL = ItServer.setting("SEGMENTFLOW_ADMIN_EMAIL");
    static final String ADMIN_PASSWORD = ItServer.setting("SEGMENTFLOW_ADMIN_PASSWORD");
    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A browser of the integration-test server. */
    DashboardClient() {
        this(Api.BASE_URL);
    }

    /** A browser of the server at {@code baseUrl}. */
    DashboardClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** Posts a form as a browser does; the caller adds {@code _csrf} if it wants it sent. */
    HttpResponse<String> post(String path, Map<String, String> form) {
        String body = encoded(form);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30))
                .build());
    }

    /** Opens the sign-in page and signs in with it; the answer to the form. */
    HttpResponse<String> signIn(String email, String password) {
        String token = tokenOf(get("/dashboard/sign-in"));
        return post("/dashboard/sign-in", form("_csrf", token, "email", email, "password", password));
    }

    /** The form token a page carries. */
    static String tokenOf(HttpResponse<String> page) {
        return tokenOf(page.body());
    }

    static String tokenOf(String page) {
        Matcher token = TOKEN.matcher(page);
        if (!token.find()) {
            throw new AssertionError("no form token on the page: " + page);
        }
        return token.group(1);
    }

    /** A form as a browser encodes it. */
    static String encoded(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /**
     * Opens the sign-in page and signs in from {@code client}'s own loopback address, so that failures made on
     * purpose count against that address alone, not against every other test's.
     */
    static LoopbackClient.Reply signIn(LoopbackClient client, String email, String password) {
        LoopbackClient.Reply page = client.send("GET", "/dashboard/sign-in", Map.of(), "");
        String session = page.header("Set-Cookie").split(";")[0];
        return client.send(
                "POST",
                "/dashboard/sign-in",
                Map.of("Cookie", session, "Content-Type", "application/x-www-form-urlencoded"),
                encoded(form("_csrf", tokenOf(page.body()), "email", email, "password", password)));
    }

    static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    /** The value of the session cookie the jar holds, or null. */
    String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("JSESSIONID"))
                .map(java.net.HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    /** Every cookie the jar holds, as a Cookie header carries them. */
    String cookieHeader() {
        return cookies.getCookieStore().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
