package io.segmentflow.adapters.in.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.access.Caller;
import io.segmentflow.application.access.ManageAccessUseCase;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.PreMatching;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticationTest {
    private final List<List<Object>> authentications = new ArrayList<>();

    @Test
    void the_key_is_checked_before_the_request_is_matched_to_a_route() {
        // Else an unknown route or method answers 404 or 405 before a caller without a key is refused.
        assertThat(ApiKeyAuthentication.class).hasAnnotation(PreMatching.class);
    }

    @Test
    void the_key_and_the_address_the_connection_came_from_go_to_authentication() {
        ApiKeyAuthentication filter = filter("203.0.113.7");

        filter.filter(request(Map.of("x-api-key", "sf_key_1", "X-Forwarded-For", "198.51.100.1")));
        filter.filter(request(Map.of("Authorization", "bearer sf_key_2")));

        assertThat(authentications)
                .containsExactly(List.of("sf_key_1", "203.0.113.7"), List.of("sf_key_2", "203.0.113.7"));
        assertThat(filter.currentCaller.require(Scope.EMAILS_READ).apiKeyId()).isEqualTo("key_1");
    }

    private ApiKeyAuthentication filter(String remoteAddress) {
        ApiKeyAuthentication filter = new ApiKeyAuthentication();
        filter.access = proxy(ManageAccessUseCase.class, (method, args) -> {
            authentications.add(List.of(args[0], args[1]));
            return new Caller(new WorkspaceId("ws_1"), "key_1", Set.of(Scope.EMAILS_READ));
        });
        filter.currentCaller = new CurrentCaller();
        filter.servletRequest = proxy(
                HttpServletRequest.class, (method, args) -> method.equals("getRemoteAddr") ? remoteAddress : null);
        return filter;
    }

    private static ContainerRequestContext request(Map<String, String> headers) {
        return proxy(
                ContainerRequestContext.class,
                (method, args) -> method.equals("getHeaderString") ? headers.get((String) args[0]) : null);
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
