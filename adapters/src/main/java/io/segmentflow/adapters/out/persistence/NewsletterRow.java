package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterDefinition;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;

/** A Newsletter's row in {@code newsletters}, both ways: the one mapper of the table. */
final class NewsletterRow {
    static final String TABLE = "newsletters";

    static final RowBinder<Newsletter> STATE = RowBinder.of(
            column("name", Types.VARCHAR, n -> n.definition().name()),
            column("subscription_group_id", Types.VARCHAR, n -> n.definition().subscriptionGroupId()),
            column(
                    "from_email",
                    Types.VARCHAR,
                    n -> CarrierLifecycleRow.emailOf(n.definition().from())),
            column(
                    "from_name",
                    Types.VARCHAR,
                    n -> CarrierLifecycleRow.nameOf(n.definition().from())),
            column("default_template_id", Types.VARCHAR, n -> n.definition().defaultTemplateId()),
            column("updated_at", Types.TIMESTAMP_WITH_TIMEZONE, n -> Times.column(n.updatedAt())));

    static final RowBinder<Newsletter> ALL = RowBinder.<Newsletter>of(
                    column("id", Types.VARCHAR, Newsletter::id),
                    column("workspace_id", Types.VARCHAR, n -> n.workspaceId().value()),
                    column("created_at", Types.TIMESTAMP_WITH_TIMEZONE, n -> Times.column(n.createdAt())))
            .and(STATE);

    private NewsletterRow() {}

    static Newsletter read(ResultSet row) throws SQLException {
        return Newsletter.restore(
                row.getString("id"),
                new WorkspaceId(row.getString("workspace_id")),
                new NewsletterDefinition(
                        row.getString("name"),
                        row.getString("subscription_group_id"),
                        CarrierLifecycleRow.mailbox(row.getString("from_email"), row.getString("from_name")),
                        row.getString("default_template_id")),
                Times.instant(row.getObject("created_at", OffsetDateTime.class)),
                Times.instant(row.getObject("updated_at", OffsetDateTime.class)));
    }
}
