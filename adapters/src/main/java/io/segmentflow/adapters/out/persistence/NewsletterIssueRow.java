package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.newsletter.IssueDefinition;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;

/** A NewsletterIssue's row in {@code newsletter_issues}, both ways: the one mapper of the table. */
final class NewsletterIssueRow {
    static final String TABLE = "newsletter_issues";

    static final RowBinder<NewsletterIssue> STATE = RowBinder.<NewsletterIssue>of(
                    column("name", Types.VARCHAR, i -> i.definition().name()),
                    column(
                            "template_id",
                            Types.VARCHAR,
                            i -> i.definition().content().templateId()),
                    column(
                            "subject",
                            Types.VARCHAR,
                            i -> i.definition().content().subject()),
                    column(
                            "own_template",
                            Types.BOOLEAN,
                            i -> i.definition().content().ownTemplate()),
                    column("segment_id", Types.VARCHAR, i -> i.definition().segmentId()),
                    column("updated_at", Types.TIMESTAMP_WITH_TIMEZONE, i -> Times.column(i.updatedAt())))
            .and(CarrierLifecycleRow.columns(NewsletterIssue::lifecycle));

    static final RowBinder<NewsletterIssue> ALL = RowBinder.<NewsletterIssue>of(
                    column("id", Types.VARCHAR, NewsletterIssue::id),
                    column("workspace_id", Types.VARCHAR, i -> i.workspaceId().value()),
                    column("newsletter_id", Types.VARCHAR, NewsletterIssue::newsletterId),
                    column("created_at", Types.TIMESTAMP_WITH_TIMEZONE, i -> Times.column(i.createdAt())))
            .and(STATE);

    private NewsletterIssueRow() {}

    static NewsletterIssue read(ResultSet row) throws SQLException {
        String id = row.getString("id");
        return NewsletterIssue.restore(
                id,
                new WorkspaceId(row.getString("workspace_id")),
                row.getString("newsletter_id"),
                new IssueDefinition(
                        row.getString("name"),
                        new CarrierContent(
                                row.getString("template_id"), row.getString("subject"), row.getBoolean("own_template")),
                        row.getString("segment_id")),
                CarrierLifecycleRow.read(row, NewsletterIssue.label(id)),
                Times.instant(row.getObject("created_at", OffsetDateTime.class)),
                Times.instant(row.getObject("updated_at", OffsetDateTime.class)));
    }
}
