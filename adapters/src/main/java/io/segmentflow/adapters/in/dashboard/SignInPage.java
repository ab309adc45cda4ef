package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.application.operator.SignInUseCase.Admitted;
import io.segmentflow.application.operator.SignInUseCase.Outcome;
import io.segmentflow.application.operator.SignInUseCase.TooManyFailures;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@value #PATH}: the sign-in form, open to all. Its form carries a token like every other (the session is made when
 * the form is shown), so another site cannot sign a browser in to an account of its choosing. A sign-in gives the
 * session a new id (an id planted before cannot ride on it) and a new form token, then starts work in the operator's
 * first workspace, on the page that sent the browser here or the overview. A refusal says so in words and never which of email and password was wrong.
 */
@WebServlet(SignInPage.PATH)
public class SignInPage extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String PATH = "/dashboard/sign-in";
    static final String TEMPLATE = "sign-in";
    static final String TITLE = "Sign in";
    /** What a sign-in of a too long email is refused without a look; no address is longer. */
    private static final int MAX_EMAIL = 320;

    @Inject
    transient DashboardView view;

    @Inject
    transient SecurityContext security;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRemoteUser() != null && SignedIn.workspace(request).isPresent()) {
            response.sendRedirect(request.getContextPath() + "/dashboard");
            return;
        }
        Map<String, Object> model = new HashMap<>();
        if (request.getParameter("signed-out") != null) {
            model.put("notice", "You are signed out.");
        }
        view.render(request, response, 200, TEMPLATE, TITLE, model);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String email =
                Optional.ofNullable(request.getParameter("email")).orElse("").strip();
        String password = Optional.ofNullable(request.getParameter("password")).orElse("");
        if (email.isEmpty() || password.isEmpty()) {
            refuse(request, response, 400, email, "Enter your email address and your password.");
            return;
        }
        if (email.length() > MAX_EMAIL) {
            refuse(request, response, 401, "", "The email address or the password is not right.");
            return;
        }
        request.changeSessionId();
        CsrfToken.renew(request.getSession());
        AuthenticationStatus status = security.authenticate(
                request,
                response,
                AuthenticationParameters.withParams()
                        .credential(new UsernamePasswordCredential(email, new Password(password)))
                        .newAuthentication(true));
        Optional<Outcome> outcome = OperatorIdentityStore.outcome(request);
        if (outcome.orElse(null) instanceof Admitted operator && status == AuthenticationStatus.SUCCESS) {
            SignedIn.workIn(request.getSession(), operator.workspaces().get(0).workspace());
            response.sendRedirect(SessionSignIn.continueAt(request));
            return;
        }
        if (outcome.orElse(null) instanceof TooManyFailures wait) {
            long minutes = Math.max(1, (wait.retryAfter().toSeconds() + 59) / 60);
            response.setHeader(
                    "Retry-After", Long.toString(Math.max(1, wait.retryAfter().toSeconds())));
            refuse(
                    request,
                    response,
                    429,
                    email,
                    "Too many failed sign-ins for this account or from this address. Try again in " + minutes
                            + (minutes == 1 ? " minute." : " minutes."));
            return;
        }
        refuse(request, response, 401, email, "The email address or the password is not right.");
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String email, String why)
            throws IOException {
        view.render(request, response, status, TEMPLATE, TITLE, Map.of("email", email, "problem", why));
    }
}
