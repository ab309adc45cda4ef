package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.statistics.SendEvent;
import io.segmentflow.application.statistics.SendStatisticsQuery;
import io.segmentflow.application.statistics.SendStatisticsQuery.Window;
import io.segmentflow.application.statistics.SendsPerMinute;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The overview's plots' data, for {@code overview.js}: {@code GET /dashboard/statistics?window=last_hour|last_day} gives
 * the minutes' starts and, per event, one count per minute.
 */
@WebServlet("/dashboard/statistics")
public class StatisticsData extends DashboardPage {
    private static final long serialVersionUID = 1L;

    @Inject
    transient SendStatisticsQuery statistics;

    @Override
    protected boolean answersJson(HttpServletRequest request) {
        return true;
    }

    @Override
    protected void get(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        String asked = request.getParameter("window");
        Window window;
        if ("last_hour".equals(asked)) {
            window = Window.LAST_HOUR;
        } else if ("last_day".equals(asked)) {
            window = Window.LAST_DAY;
        } else {
            throw new Refused(400, "window must be last_hour or last_day");
        }
        SendsPerMinute perMinute = statistics.perMinute(workspace, window);
        JsonArrayBuilder minutes = Jsonp.PROVIDER.createArrayBuilder();
        perMinute.minutes().forEach(minute -> minutes.add(minute.start().toString()));
        JsonObjectBuilder counts = Jsonp.PROVIDER.createObjectBuilder();
        for (SendEvent event : SendEvent.values()) {
            JsonArrayBuilder series = Jsonp.PROVIDER.createArrayBuilder();
            perMinute.minutes().forEach(minute -> series.add(minute.count(event)));
            counts.add(event.wireName(), series);
        }
        json(
                response,
                200,
                Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add("window", asked)
                        .add("minutes", minutes)
                        .add("counts", counts)
                        .build());
    }
}
