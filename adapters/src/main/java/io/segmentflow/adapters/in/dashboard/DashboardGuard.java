package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.application.error.StoreUnavailableException;
import io.segmentflow.application.operator.SignInUseCase;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every dashboard request passes before its page, after the container's sign-in check (the security constraint
 * of {@code web.xml}: no page without a session, the sign-in page and the assets aside):
 * <ul>
 *   <li>a POST without its session's form token ({@link CsrfToken}) is refused with 403 and a page in words, the
 *       sign-in form's included;
 *   <li>a signed-in operator must still have a role in the workspace they work in: one removed meanwhile is signed
 *       out at their next request. Their role is left on the request for the page ({@link #role});
 *   <li>a page that fails answers with a page in words (503 while the database is away), never the server's trace.
 * </ul>
 */
@WebFilter("/dashboard/*")
public class DashboardGuard extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(DashboardGuard.class.getName());
    private static final String ROLE = "segmentflow.role";

    @Inject
    transient DashboardView view;

    @Inject
    transient SignInUseCase signIn;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("POST".equals(request.getMethod()) && !CsrfToken.posted(request)) {
            view.error(
                    request,
                    response,
                    403,
                    "This form was not sent from this dashboard's page, or the page is too old. Go back, reload the"
                            + " page and send the form again.");
            return;
        }
        String operator = request.getRemoteUser();
        String path = request.getServletPath()
                + Optional.ofNullable(request.getPathInfo()).orElse("");
        if (operator != null && !path.equals(SignInPage.PATH) && !path.startsWith("/dashboard/assets/")) {
            Optional<Role> role = SignedIn.workspace(request).flatMap((WorkspaceId ws) -> signIn.roleOf(operator, ws));
            if (role.isEmpty()) {
                SignOutPage.end(request);
                response.sendRedirect(request.getContextPath() + SignInPage.PATH);
                return;
            }
            request.setAttribute(ROLE, role.get());
        }
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            failed(request, response, e);
        }
    }

    /**
     * A page that failed says so in words, never with the server's trace: an unreachable database is worth another
     * try (503); anything else is ours (500), logged here.
     */
    private void failed(HttpServletRequest request, HttpServletResponse response, Exception e) throws IOException {
        if (response.isCommitted()) {
            LOG.log(Level.WARNING, "a dashboard page failed after it began to answer", e);
            return;
        }
        response.resetBuffer();
        // The server's own answer to a path no page serves (its file servlet finds no file) is a 404, not a failure.
        if (e instanceof java.io.FileNotFoundException) {
            view.error(request, response, 404, "There is no such page.");
            return;
        }
        if (causedByOutage(e)) {
            response.setHeader("Retry-After", "5");
            view.error(
                    request,
                    response,
                    503,
                    "The database cannot be reached just now. Nothing was changed; try again in a few seconds.");
            return;
        }
        LOG.log(Level.SEVERE, "a dashboard page failed", e);
        view.error(request, response, 500, "Something went wrong on our side. Try again; if it stays so, tell us.");
    }

    private static boolean causedByOutage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** The signed-in operator's role in the workspace they work in; set on every page request past the guard. */
    public static Role role(HttpServletRequest request) {
        if (request.getAttribute(ROLE) instanceof Role role) {
            return role;
        }
        throw new IllegalStateException("no signed-in operator on this request");
    }
}
