package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.domain.audience.CarrierType;
import jakarta.servlet.annotation.WebServlet;

/** {@code /dashboard/broadcasts}: the workspace's Broadcasts, and each one's progress and results. */
@WebServlet(urlPatterns = {"/dashboard/broadcasts", "/dashboard/broadcasts/*"})
public class BroadcastPages extends AudienceSendPages {
    private static final long serialVersionUID = 1L;

    public BroadcastPages() {
        super(CarrierType.BROADCAST, "/dashboard/broadcasts", "Broadcasts", "Broadcast");
    }
}
