package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.broadcast.BroadcastDefinition;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;

/** A Broadcast's row in {@code broadcasts}, both ways: the one mapper of the table. */
final class BroadcastRow {
    static final String TABLE = "broadcasts";

    /** What changes as the Broadcast is edited and moves; the key comes after, in the caller's WHERE clause. */
    static final RowBinder<Broadcast> STATE = RowBinder.<Broadcast>of(
                    column("name", Types.VARCHAR, b -> b.definition().name()),
                    column(
                            "template_id",
                            Types.VARCHAR,
                            b -> b.definition().content().templateId()),
                    column(
                            "subject",
                            Types.VARCHAR,
                            b -> b.definition().content().subject()),
                    column(
                            "own_template",
                            Types.BOOLEAN,
                            b -> b.definition().content().ownTemplate()),
                    column("segment_id", Types.VARCHAR, b -> b.definition().segmentId()),
                    column(
                            "subscription_group_id",
                            Types.VARCHAR,
                            b -> b.definition().subscriptionGroupId()),
                    column(
                            "from_email",
                            Types.VARCHAR,
                            b -> CarrierLifecycleRow.emailOf(b.definition().from())),
                    column(
                            "from_name",
                            Types.VARCHAR,
                            b -> CarrierLifecycleRow.nameOf(b.definition().from())),
                    column("updated_at", Types.TIMESTAMP_WITH_TIMEZONE, b -> Times.column(b.updatedAt())))
            .and(CarrierLifecycleRow.columns(Broadcast::lifecycle));

    static final RowBinder<Broadcast> ALL = RowBinder.<Broadcast>of(
                    column("id", Types.VARCHAR, Broadcast::id),
                    column("workspace_id", Types.VARCHAR, b -> b.workspaceId().value()),
                    column("created_at", Types.TIMESTAMP_WITH_TIMEZONE, b -> Times.column(b.createdAt())))
            .and(STATE);

    private BroadcastRow() {}

    static Broadcast read(ResultSet row) throws SQLException {
        String id = row.getString("id");
        return Broadcast.restore(
                id,
                new WorkspaceId(row.getString("workspace_id")),
                new BroadcastDefinition(
                        row.getString("name"),
                        new CarrierContent(
                                row.getString("template_id"), row.getString("subject"), row.getBoolean("own_template")),
                        row.getString("segment_id"),
                        row.getString("subscription_group_id"),
                        CarrierLifecycleRow.mailbox(row.getString("from_email"), row.getString("from_name"))),
                CarrierLifecycleRow.read(row, Broadcast.label(id)),
                Times.instant(row.getObject("created_at", OffsetDateTime.class)),
                Times.instant(row.getObject("updated_at", OffsetDateTime.class)));
    }
}
