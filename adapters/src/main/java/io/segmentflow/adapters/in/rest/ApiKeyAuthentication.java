package io.segmentflow.adapters.in.rest;

import io.segmentflow.application.access.ManageAccessUseCase;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.function.UnaryOperator;

/**
 * Every API request carries a key: {@code x-api-key: <key>} or {@code Authorization: Bearer <key>}. Checked
 * before the request is matched to a resource, so that a caller without a valid key learns nothing about which
 * routes and methods exist: an unknown route answers 401 as a known one does. Failures are limited per client
 * address, the address the connection came from (behind a reverse proxy, Liberty's {@code remoteIp} setting
 * makes it the forwarded one).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyAuthentication implements ContainerRequestFilter {
    private static final String BEARER = "Bearer ";

    @Inject
    ManageAccessUseCase access;

    @Inject
    CurrentCaller currentCaller;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        currentCaller.set(access.authenticate(keyOf(request::getHeaderString), servletRequest.getRemoteAddr()));
    }

    /** The key a request carries, given a look-up of its headers; null without one. */
    static String keyOf(UnaryOperator<String> header) {
        String key = header.apply("x-api-key");
        if (key == null) {
            String authorization = header.apply(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                key = authorization.substring(BEARER.length());
            }
        }
        return key;
    }
}
