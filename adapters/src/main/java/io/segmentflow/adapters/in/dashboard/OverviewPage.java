package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.application.journey.JourneyRunsQuery;
import io.segmentflow.application.journey.ManageJourneysUseCase;
import io.segmentflow.application.statistics.Backlog;
import io.segmentflow.application.statistics.SendEvent;
import io.segmentflow.application.statistics.SendStatisticsQuery;
import io.segmentflow.application.statistics.SendStatisticsQuery.Window;
import io.segmentflow.application.statistics.SendsPerMinute;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.RunStats;
import io.segmentflow.domain.journey.RunStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview: sends per minute over the last hour and day (plotted by {@code overview.js} from
 * {@link StatisticsData}, and written out as tables for whoever does not see the plot), the outbox's backlog, and the
 * Journeys with their runs by status.
 */
@WebServlet(urlPatterns = {"/dashboard", "/dashboard/"})
public class OverviewPage extends DashboardPage {
    private static final long serialVersionUID = 1L;
    /** Journeys shown, first ones first; each costs one count. */
    static final int JOURNEYS = 50;

    @Inject
    transient SendStatisticsQuery statistics;

    @Inject
    transient ManageJourneysUseCase journeys;

    @Inject
    transient JourneyRunsQuery runs;

    @Inject
    transient Clock clock;

    /** A Journey's line on the page: its runs by status, every status present. */
    public record JourneyLine(String id, String name, String status, Map<String, Long> runs) {}

    /** A minute of the last hour in which something happened. */
    public record MinuteLine(Instant start, Map<String, Long> counts) {}

    @Override
    protected void get(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        if (segments(request).length > 0) {
            throw new Refused(404, "There is no such page.");
        }
        SendsPerMinute hour = statistics.perMinute(workspace, Window.LAST_HOUR);
        SendsPerMinute day = statistics.perMinute(workspace, Window.LAST_DAY);
        Backlog backlog = statistics.backlog(workspace);
        List<MinuteLine> busyMinutes = new ArrayList<>();
        for (SendsPerMinute.Minute minute : hour.minutes()) {
            if (!minute.counts().isEmpty()) {
                busyMinutes.add(new MinuteLine(minute.start(), byWireName(minute.counts())));
            }
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put(
                "events",
                List.of(SendEvent.values()).stream().map(SendEvent::wireName).toList());
        model.put("hourTotals", byWireName(hour.totals()));
        model.put("dayTotals", byWireName(day.totals()));
        Collections.reverse(busyMinutes);
        model.put("busyMinutes", busyMinutes);
        model.put("backlog", backlog);
        model.put(
                "oldestWait",
                backlog.oldestDue() == null ? null : inWords(Duration.between(backlog.oldestDue(), clock.instant())));
        model.put(
                "runStatuses",
                List.of(RunStatus.values()).stream().map(RunStatus::wireName).toList());
        model.put("journeys", journeyLines(workspace));
        view.render(request, response, 200, "overview", "Overview", model);
    }

    private List<JourneyLine> journeyLines(WorkspaceId workspace) {
        List<JourneyLine> lines = new ArrayList<>();
        for (Journey journey : journeys.list(workspace, null, JOURNEYS).data()) {
            RunStats stats = runs.stats(workspace, journey.id());
            Map<String, Long> byStatus = new LinkedHashMap<>();
            for (RunStatus status : RunStatus.values()) {
                byStatus.put(status.wireName(), stats.byStatus().getOrDefault(status, 0L));
            }
            lines.add(new JourneyLine(
                    journey.id(), journey.name(), journey.status().wireName(), byStatus));
        }
        return lines;
    }

    static Map<String, Long> byWireName(Map<SendEvent, Long> counts) {
        Map<String, Long> named = new LinkedHashMap<>();
        for (SendEvent event : SendEvent.values()) {
            named.put(event.wireName(), counts.getOrDefault(event, 0L));
        }
        return named;
    }
}
