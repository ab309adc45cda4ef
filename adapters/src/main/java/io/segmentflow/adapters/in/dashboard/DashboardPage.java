package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.error.ApplicationException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.domain.audience.ConfirmationRefusedException;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A dashboard page: it works in the signed-in operator's workspace and answers what it refuses with a page in words
 * (or, for a page's data, a JSON {@code error}) and a 4xx, never a stack trace. Pages read only what their path and
 * parameters name, each checked before any look-up.
 */
abstract class DashboardPage extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** What an id of ours looks like (a kind, an underscore, base32): anything else is not looked up, nor echoed. */
    private static final Pattern ID = Pattern.compile("[a-z]{2,4}_[0-9a-z]{1,40}");

    @Inject
    transient DashboardView view;

    /** Why a request cannot be answered, in words, with its status. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The GET of a page, in the signed-in operator's workspace. */
    protected void get(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        throw new Refused(405, "This page cannot be fetched.");
    }

    /** The POST of a form on a page (its form token checked by {@link DashboardGuard}), in the signed-in operator's workspace. */
    protected void post(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        throw new Refused(405, "This page takes no form.");
    }

    @Override
    protected final void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, false);
    }

    @Override
    protected final void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, true);
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, boolean post) throws IOException {
        try {
            if (request.getQueryString() != null && request.getQueryString().length() > 2000) {
                throw new Refused(414, "The address is too long.");
            }
            Optional<WorkspaceId> workspace = SignedIn.workspace(request);
            if (workspace.isEmpty()) {
                throw new Refused(401, "Sign in to see this page.");
            }
            // DashboardGuard has checked a POST's form token already.
            if (post) {
                post(request, response, workspace.get());
            } else {
                get(request, response, workspace.get());
            }
        } catch (Refused e) {
            refuse(request, response, e.status, e.getMessage());
        } catch (NotFoundException e) {
            refuse(request, response, 404, "There is no such thing here: " + e.getMessage() + ".");
        } catch (ConfirmationRefusedException e) {
            refuse(request, response, 410, sentence(e.getMessage()) + " Nothing was sent.");
        } catch (Role.RoleRefusal e) {
            refuse(request, response, 403, sentence(e.getMessage()) + " Nothing was changed.");
        } catch (ApplicationException | InvalidValueException e) {
            refuse(request, response, 400, sentence(e.getMessage()));
        } catch (IllegalTransitionException e) {
            refuse(request, response, 409, sentence(e.getMessage()));
        }
        // Anything else (an unreachable database, a failure of ours) is DashboardGuard's to answer in words.
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        if (answersJson(request)) {
            json(
                    response,
                    status,
                    Jsonp.PROVIDER.createObjectBuilder().add("error", message).build());
        } else {
            view.error(request, response, status, message);
        }
    }

    /** Whether the request is for data a page's script reads rather than a page. */
    protected boolean answersJson(HttpServletRequest request) {
        return false;
    }

    static void json(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        DashboardView.secure(response);
        response.getWriter().write(body.toString());
    }

    /** The path's segments after the servlet's own path, each non-empty; none for the servlet's path itself. */
    static String[] segments(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            return new String[0];
        }
        if (path.length() > 200) {
            throw new Refused(404, "There is no such page.");
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new Refused(404, "There is no such page.");
            }
        }
        return segments;
    }

    /** The id a path names, if it looks like one of ours; else the page is not found, without echoing it. */
    static String id(String segment, String what) {
        if (!ID.matcher(segment).matches()) {
            throw new Refused(404, "There is no such " + what + " here: that is not an id of one.");
        }
        return segment;
    }

    /** A wait, roughly, in words: "due in 3 minutes", "waiting for 2 hours". */
    static String inWords(Duration waited) {
        Duration length = waited.abs();
        String amount;
        if (length.toMinutes() < 1) {
            amount = length.toSeconds() + " seconds";
        } else if (length.toHours() < 2) {
            amount = length.toMinutes() + " minutes";
        } else if (length.toDays() < 2) {
            amount = length.toHours() + " hours";
        } else {
            amount = length.toDays() + " days";
        }
        return waited.isNegative() ? "due in " + amount : "due for " + amount;
    }

    private static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "That cannot be done.";
        }
        String first = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return first.endsWith(".") ? first : first + ".";
    }
}
