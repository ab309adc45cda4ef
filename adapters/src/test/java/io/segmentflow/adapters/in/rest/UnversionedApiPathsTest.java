package io.segmentflow.adapters.in.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.access.Caller;
import io.segmentflow.application.access.ManageAccessUseCase;
import io.segmentflow.application.error.TooManyFailuresException;
import io.segmentflow.application.error.UnauthorizedException;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Paths under /api outside /api/v1: the key first, then a problem document, never the server's error page. */
class UnversionedApiPathsTest {
    private final Map<String, Object> answer = new HashMap<>();
    private final StringWriter body = new StringWriter();

    @Test
    void without_a_valid_key_the_answer_is_401() throws Exception {
        serve(() -> {
            throw new UnauthorizedException("an API key is required");
        });

        assertThat(answer)
                .containsEntry("status", 401)
                .containsEntry("WWW-Authenticate", "Bearer realm=\"segmentflow\"")
                .containsEntry("contentType", "application/problem+json");
        assertThat(json().getString("error")).isEqualTo("unauthorized");
    }

    @Test
    void an_address_over_the_failure_limit_gets_429_with_retry_after() throws Exception {
        serve(() -> {
            throw new TooManyFailuresException(Duration.ofMillis(1500));
        });

        assertThat(answer).containsEntry("status", 429).containsEntry("Retry-After", "2");
        assertThat(json().getString("error")).isEqualTo("too_many_requests");
    }

    @Test
    void with_a_valid_key_the_path_is_not_found_in_the_apis_words() throws Exception {
        serve(() -> new Caller(new WorkspaceId("ws_1"), "key_1", Set.of(Scope.EMAILS_READ)));

        assertThat(answer).containsEntry("status", 404);
        assertThat(json().getString("error")).isEqualTo("not_found");
        assertThat(json().getString("detail")).contains("/api/v1");
    }

    private void serve(Supplier<Caller> authentication) throws Exception {
        UnversionedApiPaths servlet = new UnversionedApiPaths();
        servlet.access = proxy(ManageAccessUseCase.class, (method, args) -> authentication.get());
        HttpServletRequest request = proxy(HttpServletRequest.class, (method, args) -> switch (method) {
            case "getHeader" -> "x-api-key".equals(args[0]) ? "sf_key" : null;
            case "getRemoteAddr" -> "203.0.113.7";
            case "getMethod" -> "GET";
            default -> null;
        });
        PrintWriter writer = new PrintWriter(body);
        HttpServletResponse response = proxy(HttpServletResponse.class, (method, args) -> {
            switch (method) {
                case "setStatus" -> answer.put("status", args[0]);
                case "setHeader" -> answer.put((String) args[0], args[1]);
                case "setContentType" -> answer.put("contentType", args[0]);
                case "getWriter" -> {
                    return writer;
                }
                default -> {}
            }
            return null;
        });
        servlet.service(request, response);
        writer.flush();
    }

    private JsonObject json() {
        try (var reader = Json.createReader(new StringReader(body.toString()))) {
            return reader.readObject();
        }
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args));
    }
}
