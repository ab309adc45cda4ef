package io.segmentflow.adapters.in.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Set;

/**
 * The dashboard's authentication mechanism (Jakarta Security): who is signed in lives in the HTTP session, and
 * nowhere else. No single sign-on token (Liberty's LTPA cookie) is made, so nothing outlives the session or opens
 * another part of the server, and signing out (invalidating the session) ends it everywhere at once.
 *
 * <ul>
 *   <li>{@link SignInPage} hands the form's email and password over ({@code SecurityContext.authenticate}); the
 *       {@link OperatorIdentityStore} checks them; a valid pair puts the operator in the session.
 *   <li>Every other request is the session's operator, or no one: an {@code Authorization} header (an API key, Basic
 *       credentials) is never looked at.
 *   <li>A protected page (web.xml) asked for without a signed-in session sends the browser to the sign-in page, which
 *       goes back there after signing in.
 * </ul>
 */
@ApplicationScoped
public class SessionSignIn implements HttpAuthenticationMechanism {
    static final String GROUP = "operator";
    private static final String OPERATOR = "segmentflow.operator";
    private static final String CONTINUE = "segmentflow.continue";

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        Credential credential =
                context.isAuthenticationRequest() ? context.getAuthParameters().getCredential() : null;
        if (credential != null) {
            CredentialValidationResult result = identityStores.validate(credential);
            if (result.getStatus() != CredentialValidationResult.Status.VALID) {
                return context.doNothing();
            }
            String operator = result.getCallerPrincipal().getName();
            request.getSession().setAttribute(OPERATOR, operator);
            return context.notifyContainerAboutLogin(operator, Set.of(GROUP));
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(OPERATOR) instanceof String operator) {
            return context.notifyContainerAboutLogin(operator, Set.of(GROUP));
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        try {
            if ("GET".equals(request.getMethod())) {
                request.getSession().setAttribute(CONTINUE, pageOf(request));
            }
            response.sendRedirect(request.getContextPath() + SignInPage.PATH);
            return AuthenticationStatus.SEND_CONTINUE;
        } catch (IOException e) {
            return AuthenticationStatus.SEND_FAILURE;
        }
    }

    /**
     * Where to go after signing in: the page that sent the browser to sign in, if any (a path of this dashboard
     * only, never another site), else the overview.
     */
    static String continueAt(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object page = session == null ? null : session.getAttribute(CONTINUE);
        if (session != null) {
            session.removeAttribute(CONTINUE);
        }
        return page instanceof String path && path.startsWith("/dashboard") && !path.startsWith("/dashboard/sign-")
                ? request.getContextPath() + path
                : request.getContextPath() + "/dashboard";
    }

    private static String pageOf(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return request.getQueryString() == null ? path : path + "?" + request.getQueryString();
    }
}
