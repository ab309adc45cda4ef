package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.RunStatus;
import io.segmentflow.domain.journey.StepOutcome;
import io.segmentflow.domain.journey.StepVisit;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A row of {@code journey_runs} and the JourneyRun it holds, both ways: the table's one mapper. The steps a run went
 * through are one column, a line per visit ({@code at outcome stepId detail}), written whole with the run: a run
 * keeps a bounded number of them, and reading a run is one row.
 */
final class JourneyRunRow {
    static final String TABLE = "journey_runs";

    /** What an advance changes. */
    static final RowBinder<JourneyRun> PROGRESS = RowBinder.of(
            column("status", Types.VARCHAR, r -> r.status().wireName()),
            column("current_step", Types.VARCHAR, JourneyRun::currentStep),
            column("due_at", Types.TIMESTAMP_WITH_TIMEZONE, r -> Times.column(r.dueAt())),
            column(
                    "awaited_event",
                    Types.VARCHAR,
                    r -> r.awaitedEvent().map(EventName::value).orElse(null)),
            column("history", Types.VARCHAR, r -> historyColumn(r.history())),
            column("updated_at", Types.TIMESTAMP_WITH_TIMEZONE, r -> Times.column(r.updatedAt())));

    /** A run's id, then its progress: the updates of many runs' advances at once. */
    static final RowBinder<JourneyRun> KEYED_PROGRESS =
            RowBinder.of(column("id", Types.VARCHAR, JourneyRun::id)).and(PROGRESS);

    static final RowBinder<JourneyRun> ALL = RowBinder.of(
                    column("id", Types.VARCHAR, JourneyRun::id),
                    column(
                            "workspace_id",
                            Types.VARCHAR,
                            (JourneyRun r) -> r.workspaceId().value()),
                    column("journey_id", Types.VARCHAR, JourneyRun::journeyId),
                    column("journey_version", Types.INTEGER, JourneyRun::journeyVersion),
                    column("profile_id", Types.VARCHAR, JourneyRun::profileId),
                    column(
                            "event_id",
                            Types.VARCHAR,
                            (JourneyRun r) -> r.eventId().orElse(null)),
                    column("created_at", Types.TIMESTAMP_WITH_TIMEZONE, (JourneyRun r) -> Times.column(r.createdAt())))
            .and(PROGRESS);

    private JourneyRunRow() {}

    static JourneyRun read(ResultSet row) throws SQLException {
        String awaited = row.getString("awaited_event");
        return JourneyRun.restore(
                row.getString("id"),
                new WorkspaceId(row.getString("workspace_id")),
                row.getString("journey_id"),
                row.getInt("journey_version"),
                row.getString("profile_id"),
                row.getString("event_id"),
                status(row.getString("status")),
                row.getString("current_step"),
                Times.instant(row.getObject("due_at", OffsetDateTime.class)),
                awaited == null ? null : new EventName(awaited),
                history(row.getString("history")),
                Times.instant(row.getObject("created_at", OffsetDateTime.class)),
                Times.instant(row.getObject("updated_at", OffsetDateTime.class)));
    }

    static RunStatus status(String wire) {
        for (RunStatus status : RunStatus.values()) {
            if (status.wireName().equals(wire)) {
                return status;
            }
        }
        throw new IllegalStateException("unknown run status " + wire);
    }

    /** Details are free text: line breaks in them become spaces, so that each visit stays one line. */
    private static String historyColumn(List<StepVisit> visits) {
        return visits.stream()
                .map(v -> v.at() + " " + v.outcome().wireName() + " " + (v.stepId() == null ? "-" : v.stepId())
                        + (v.detail() == null ? "" : " " + v.detail().replaceAll("[\\r\\n]+", " ")))
                .collect(Collectors.joining("\n"));
    }

    private static List<StepVisit> history(String column) {
        return column == null || column.isEmpty()
                ? List.of()
                : column.lines()
                        .map(line -> {
                            String[] fields = line.split(" ", 4);
                            return new StepVisit(
                                    fields[2].equals("-") ? null : fields[2],
                                    outcome(fields[1]),
                                    Instant.parse(fields[0]),
                                    fields.length > 3 ? fields[3] : null);
                        })
                        .toList();
    }

    private static StepOutcome outcome(String wire) {
        for (StepOutcome outcome : StepOutcome.values()) {
            if (outcome.wireName().equals(wire)) {
                return outcome;
            }
        }
        throw new IllegalStateException("unknown step outcome " + wire);
    }
}
