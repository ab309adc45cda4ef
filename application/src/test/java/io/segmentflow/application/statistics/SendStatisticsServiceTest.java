package io.segmentflow.application.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.port.out.SendStatistics;
import io.segmentflow.application.statistics.SendStatisticsQuery.Window;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendStatisticsServiceTest {
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final Instant NOW = Instant.parse("2026-11-30T10:30:45Z");

    /** The store's answer, and what it was asked. */
    private final List<SendStatistics.Count> stored = new ArrayList<>();

    private Instant askedSince;
    private final SendStatistics statistics = new SendStatistics() {
        @Override
        public List<Count> perMinute(WorkspaceId workspaceId, Instant since) {
            askedSince = since;
            return stored.stream().filter(c -> !c.minute().isBefore(since)).toList();
        }

        @Override
        public Backlog backlog(WorkspaceId workspaceId) {
            return new Backlog(4, 1, NOW.minusSeconds(90));
        }
    };
    private final SendStatisticsService service = new SendStatisticsService(statistics, new ManualClock(NOW));

    @Test
    void the_last_hour_is_sixty_minutes_ending_with_the_current_one_each_present_quiet_ones_at_zero() {
        stored.add(new SendStatistics.Count(Instant.parse("2026-11-30T10:30:00Z"), SendEvent.SENT, 7));
        stored.add(new SendStatistics.Count(Instant.parse("2026-11-30T10:30:00Z"), SendEvent.ACCEPTED, 9));
        stored.add(new SendStatistics.Count(Instant.parse("2026-11-30T09:31:00Z"), SendEvent.DEFERRED, 2));

        SendsPerMinute hour = service.perMinute(ACME, Window.LAST_HOUR);

        assertThat(askedSince).isEqualTo(Instant.parse("2026-11-30T09:31:00Z"));
        assertThat(hour.minutes()).hasSize(60);
        assertThat(hour.minutes().get(0).start()).isEqualTo(Instant.parse("2026-11-30T09:31:00Z"));
        assertThat(hour.minutes().get(0).count(SendEvent.DEFERRED)).isEqualTo(2);
        assertThat(hour.minutes().get(59).start()).isEqualTo(Instant.parse("2026-11-30T10:30:00Z"));
        assertThat(hour.minutes().get(59).count(SendEvent.SENT)).isEqualTo(7);
        assertThat(hour.minutes().get(30).counts()).isEmpty();
        assertThat(hour.totals())
                .containsEntry(SendEvent.ACCEPTED, 9L)
                .containsEntry(SendEvent.SENT, 7L)
                .containsEntry(SendEvent.DEFERRED, 2L)
                .containsEntry(SendEvent.FAILED, 0L)
                .containsEntry(SendEvent.SKIPPED, 0L);
    }

    @Test
    void the_last_day_is_1440_minutes() {
        SendsPerMinute day = service.perMinute(ACME, Window.LAST_DAY);

        assertThat(day.minutes()).hasSize(1440);
        assertThat(askedSince).isEqualTo(Instant.parse("2026-11-29T10:31:00Z"));
    }

    @Test
    void the_backlog_is_the_store_s() {
        assertThat(service.backlog(ACME)).isEqualTo(new Backlog(4, 1, NOW.minusSeconds(90)));
        assertThat(service.backlog(ACME).total()).isEqualTo(5);
    }
}
