package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.application.broadcast.ConfirmAudienceSendUseCase;
import io.segmentflow.application.broadcast.ConfirmationReview;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.template.TemplatePreview;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where a person confirms an audience send through the link the API handed over ({@code /dashboard/confirmations/<token>}):
 * the page shows what would go out, to how many, from whom, and the email itself ({@code <token>/email}, framed in a
 * sandbox without scripts); "Send now" posts back, the link is used up on the server and the fan-out starts, and the
 * browser goes on to the send's progress. A link used, expired, unknown or of another workspace allows nothing.
 */
@WebServlet("/dashboard/confirmations/*")
public class ConfirmationPage extends DashboardPage {
    private static final long serialVersionUID = 1L;

    /**
     * The email a customer wrote is shown under its own policy: no script, no plugin, no form, nothing loaded but
     * images over https, and a sandbox of its own whatever the frame around it says.
     */
    static final String EMAIL_POLICY =
            "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none';"
                    + " frame-ancestors 'self'; sandbox";

    @Inject
    transient ConfirmAudienceSendUseCase confirmations;

    @Override
    protected void get(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        String[] segments = segments(request);
        if (segments.length == 1) {
            ConfirmationReview review = known(() -> confirmations.review(workspace, segments[0]));
            view.render(
                    request,
                    response,
                    200,
                    "confirmation",
                    "Confirm " + kind(review.send().ref()) + " " + review.send().name(),
                    Map.of(
                            "review",
                            review,
                            "kind",
                            kind(review.send().ref()),
                            "token",
                            segments[0],
                            "awaiting",
                            review.send().status() == CarrierStatus.AWAITING_CONFIRMATION,
                            "role",
                            DashboardGuard.role(request).wireName(),
                            "maySend",
                            DashboardGuard.role(request).changesWorkspace()));
            return;
        }
        if (segments.length == 2 && segments[1].equals("email")) {
            TemplatePreview email = known(() -> confirmations.email(workspace, segments[0]));
            response.setStatus(200);
            response.setContentType("text/html");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("X-Frame-Options", "SAMEORIGIN");
            response.setHeader("Content-Security-Policy", EMAIL_POLICY);
            response.getWriter().write(email.html() == null ? "" : email.html());
            return;
        }
        throw new Refused(404, "There is no such page.");
    }

    @Override
    protected void post(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        String[] segments = segments(request);
        if (segments.length != 1) {
            throw new Refused(404, "There is no such page.");
        }
        Role role = DashboardGuard.role(request);
        CarrierRef started = known(() -> confirmations.confirm(workspace, role, segments[0]));
        String path = started.type() == CarrierType.BROADCAST ? "/dashboard/broadcasts/" : "/dashboard/issues/";
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + path + started.id());
    }

    private static <T> T known(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (NotFoundException e) {
            if (!e.getMessage().startsWith("confirmation ")) {
                throw e;
            }
            throw new Refused(
                    404,
                    "This confirmation link is not known here: it may be incomplete, or belong to another workspace."
                            + " Nothing was sent.");
        }
    }

    private static String kind(CarrierRef ref) {
        return ref.type() == CarrierType.BROADCAST ? "Broadcast" : "Newsletter Issue";
    }
}
