package io.segmentflow.adapters.in.dashboard;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * {@code POST /dashboard/sign-out} (the button in every page's header, with the form token): ends the sign-in and the
 * session, so neither its cookie nor its form token opens a page again. A GET changes nothing: a link or an image
 * cannot sign anyone out.
 */
@WebServlet("/dashboard/sign-out")
public class SignOutPage extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    transient DashboardView view;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        view.error(request, response, 405, "Sign out with the button at the top of a page.");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        end(request);
        response.sendRedirect(request.getContextPath() + SignInPage.PATH + "?signed-out");
    }

    /** Ends the sign-in and the session. */
    static void end(HttpServletRequest request) throws ServletException {
        request.logout();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
