package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.domain.audience.CarrierType;
import jakarta.servlet.annotation.WebServlet;

/** {@code /dashboard/issues}: the workspace's Newsletter Issues, and each one's progress and results. */
@WebServlet(urlPatterns = {"/dashboard/issues", "/dashboard/issues/*"})
public class IssuePages extends AudienceSendPages {
    private static final long serialVersionUID = 1L;

    public IssuePages() {
        super(CarrierType.NEWSLETTER_ISSUE, "/dashboard/issues", "Newsletter Issues", "Newsletter Issue");
    }
}
