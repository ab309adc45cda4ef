package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.adapters.shared.JourneyJson;
import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyStatus;
import io.segmentflow.domain.journey.JourneyTrigger;
import io.segmentflow.domain.journey.ReEntry;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;

/**
 * A Journey's rows, both ways: {@code journeys} (what it is now) and {@code journey_versions} (the definition of each
 * version, in the API's JSON form). The one mapper of both tables; {@link JpaJourneys} writes and reads through it.
 */
final class JourneyRow {
    static final String TABLE = "journeys";
    static final String VERSIONS = "journey_versions";

    /** What changes as the Journey is edited and moved through its lifecycle. */
    static final RowBinder<Journey> STATE = RowBinder.of(
            column("name", Types.VARCHAR, Journey::name),
            column("status", Types.VARCHAR, j -> j.status().wireName()),
            column("version", Types.INTEGER, Journey::version),
            column("trigger_event", Types.VARCHAR, JourneyRow::triggerEvent),
            column("updated_at", Types.TIMESTAMP_WITH_TIMEZONE, j -> Times.column(j.updatedAt())));

    static final RowBinder<Journey> ALL = RowBinder.of(
                    column("id", Types.VARCHAR, Journey::id),
                    column(
                            "workspace_id",
                            Types.VARCHAR,
                            (Journey j) -> j.workspaceId().value()),
                    column("created_at", Types.TIMESTAMP_WITH_TIMEZONE, (Journey j) -> Times.column(j.createdAt())))
            .and(STATE);

    /** The current version's definition; the key columns come last, for an update's WHERE clause. */
    static final RowBinder<Journey> DEFINITION = RowBinder.of(
            column(
                    "trigger_definition",
                    Types.VARCHAR,
                    j -> JourneyJson.write(j.trigger()).toString()),
            column("re_entry", Types.VARCHAR, j -> j.reEntry().wireName()),
            column("start_step", Types.VARCHAR, j -> j.graph().start()),
            column(
                    "steps",
                    Types.VARCHAR,
                    j -> JourneyJson.writeSteps(j.graph()).toString()));

    static final RowBinder<Journey> VERSION = RowBinder.of(
                    column("journey_id", Types.VARCHAR, Journey::id),
                    column("version", Types.INTEGER, Journey::version),
                    column("created_at", Types.TIMESTAMP_WITH_TIMEZONE, (Journey j) -> Times.column(j.updatedAt())))
            .and(DEFINITION);

    /** Selects a Journey with its current version's definition; the caller adds its WHERE clause. */
    static final String SELECT = "SELECT j.*, v.trigger_definition, v.re_entry, v.start_step, v.steps FROM journeys j"
            + " JOIN journey_versions v ON v.journey_id = j.id AND v.version = j.version";

    private JourneyRow() {}

    static Journey read(ResultSet row) throws SQLException {
        return Journey.restore(
                row.getString("id"),
                new WorkspaceId(row.getString("workspace_id")),
                row.getString("name"),
                trigger(row.getString("trigger_definition")),
                reEntry(row.getString("re_entry")),
                graph(row.getString("start_step"), row.getString("steps")),
                status(row.getString("status")),
                row.getInt("version"),
                Times.instant(row.getObject("created_at", OffsetDateTime.class)),
                Times.instant(row.getObject("updated_at", OffsetDateTime.class)));
    }

    /** A stored graph: it was checked when it was written, so a problem reading it back is a fault, not input. */
    static JourneyGraph graph(String start, String steps) {
        return JourneyJson.graph(start, json(steps), "steps", JourneyRow::stored);
    }

    private static JourneyTrigger trigger(String definition) {
        return JourneyJson.trigger(json(definition), "trigger", JourneyRow::stored);
    }

    private static void stored(String field, String message) {
        throw new IllegalStateException("a stored journey definition does not read back: " + field + " " + message);
    }

    private static JsonValue json(String text) {
        return Jsonp.PROVIDER.createReader(new StringReader(text)).readValue();
    }

    private static String triggerEvent(Journey journey) {
        return journey.trigger() instanceof JourneyTrigger.OnEvent onEvent
                ? onEvent.event().value()
                : null;
    }

    private static ReEntry reEntry(String wire) {
        for (ReEntry reEntry : ReEntry.values()) {
            if (reEntry.wireName().equals(wire)) {
                return reEntry;
            }
        }
        throw new IllegalStateException("unknown re-entry policy " + wire);
    }

    private static JourneyStatus status(String wire) {
        for (JourneyStatus status : JourneyStatus.values()) {
            if (status.wireName().equals(wire)) {
                return status;
            }
        }
        throw new IllegalStateException("unknown journey status " + wire);
    }
}
