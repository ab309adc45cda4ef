package io.segmentflow.application.statistics;

import io.segmentflow.application.port.out.SendStatistics;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the counts the store keeps per minute and fills in the quiet minutes, so a plot's axis is even. */
public class SendStatisticsService implements SendStatisticsQuery {
    private final SendStatistics statistics;
    private final Clock clock;

    public SendStatisticsService(SendStatistics statistics, Clock clock) {
        this.statistics = statistics;
        this.clock = clock;
    }

    @Override
    public SendsPerMinute perMinute(WorkspaceId workspaceId, Window window) {
        Instant current = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Instant first = current.minus(window.minutes() - 1L, ChronoUnit.MINUTES);
        Map<Instant, Map<SendEvent, Long>> byMinute = new HashMap<>();
        for (SendStatistics.Count count : statistics.perMinute(workspaceId, first)) {
            byMinute.computeIfAbsent(count.minute(), minute -> new EnumMap<>(SendEvent.class))
                    .merge(count.event(), count.sends(), Long::sum);
        }
        List<SendsPerMinute.Minute> minutes = new ArrayList<>(window.minutes());
        for (Instant minute = first; !minute.isAfter(current); minute = minute.plus(1, ChronoUnit.MINUTES)) {
            minutes.add(new SendsPerMinute.Minute(minute, byMinute.getOrDefault(minute, Map.of())));
        }
        return new SendsPerMinute(minutes);
    }

    @Override
    public Backlog backlog(WorkspaceId workspaceId) {
        return statistics.backlog(workspaceId);
    }
}
