package io.segmentflow.adapters.in.dashboard;

import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What the server answers, in words, when no page could (web.xml's error pages): an address the server refuses
 * before any page (an encoded slash), a path no page serves, a method none takes. The server's own answer would name
 * its internals.
 */
@WebServlet(ErrorPage.PATH)
public class ErrorPage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/problem";

    @Inject
    transient DashboardView view;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        String message = switch (status) {
            case 400 -> "This address is malformed: check it, or go back and follow a link.";
            case 404 -> "There is no such page.";
            case 405 -> "This page does not take that kind of request.";
            default ->
                status >= 500
                        ? "Something went wrong on our side. Try again in a moment."
                        : "This request cannot be answered.";
        };
        response.reset();
        view.error(request, response, status, message);
    }
}
