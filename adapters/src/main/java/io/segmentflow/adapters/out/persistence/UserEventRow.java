package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;

/** A row of {@code user_events} and the UserEvent it holds, both ways: the table's one mapper. */
final class UserEventRow {
    static final String TABLE = "user_events";

    static final RowBinder<UserEvent> ALL = RowBinder.of(
            column("id", Types.VARCHAR, UserEvent::id),
            column("workspace_id", Types.VARCHAR, e -> e.workspaceId().value()),
            column("name", Types.VARCHAR, e -> e.name().value()),
            column("profile_id", Types.VARCHAR, UserEvent::profileId),
            column("data", Types.VARCHAR, UserEvent::data),
            column("reference_id", Types.VARCHAR, UserEvent::referenceId),
            column("occurred_at", Types.TIMESTAMP_WITH_TIMEZONE, e -> Times.column(e.occurredAt())),
            column("received_at", Types.TIMESTAMP_WITH_TIMEZONE, e -> Times.column(e.receivedAt())));

    private UserEventRow() {}

    static UserEvent read(ResultSet row) throws SQLException {
        return new UserEvent(
                row.getString("id"),
                new WorkspaceId(row.getString("workspace_id")),
                new EventName(row.getString("name")),
                row.getString("profile_id"),
                row.getString("data"),
                row.getString("reference_id"),
                Times.instant(row.getObject("occurred_at", OffsetDateTime.class)),
                Times.instant(row.getObject("received_at", OffsetDateTime.class)));
    }
}
