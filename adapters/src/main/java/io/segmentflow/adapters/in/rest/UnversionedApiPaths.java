package io.segmentflow.adapters.in.rest;

import io.segmentflow.application.access.ManageAccessUseCase;
import io.segmentflow.application.error.TooManyFailuresException;
import io.segmentflow.application.error.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Paths under {@code /api} that no version of the API serves ({@code /api/v1} is {@link RestApi}'s): answered as
 * the API answers, in its own problem documents rather than the server's error page, and with the key checked
 * first, so that a caller without a valid key gets 401 here too and learns nothing about what exists.
 */
@WebServlet("/api/*")
public class UnversionedApiPaths extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    transient ManageAccessUseCase access;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            access.authenticate(ApiKeyAuthentication.keyOf(request::getHeader), request.getRemoteAddr());
            answer(response, 404, "not_found", "no such resource: the API is under /api/v1");
        } catch (TooManyFailuresException e) {
            response.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
            answer(response, 429, e.code(), e.getMessage());
        } catch (UnauthorizedException e) {
            response.setHeader(Problems.AUTHENTICATE, Problems.AUTHENTICATE_BEARER);
            answer(response, 401, e.code(), e.getMessage());
        }
    }

    private static void answer(HttpServletResponse response, int status, String code, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Problems.body(status, code, detail, List.of()));
    }
}
