package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.NewsletterIssues;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** NewsletterIssues in {@code newsletter_issues}, through {@link NewsletterIssueRow}. */
@ApplicationScoped
public class JpaNewsletterIssues implements NewsletterIssues {
    private static final String INSERT = NewsletterIssueRow.ALL.insertInto(NewsletterIssueRow.TABLE);
    private static final String UPDATE = NewsletterIssueRow.STATE.update(NewsletterIssueRow.TABLE) + " WHERE id = ?";
    private static final String FIND = "SELECT * FROM newsletter_issues WHERE id = ? AND workspace_id = ?";
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    private static final String LIST =
            "SELECT * FROM newsletter_issues WHERE workspace_id = ? AND newsletter_id = ?" + " ORDER BY id LIMIT ?";
    private static final String LIST_AFTER = "SELECT * FROM newsletter_issues WHERE workspace_id = ?"
            + " AND newsletter_id = ? AND id > ? ORDER BY id LIMIT ?";
    private static final String LATEST =
            "SELECT * FROM newsletter_issues WHERE workspace_id = ? ORDER BY id DESC LIMIT ?";
    // SKIP LOCKED: the schedulers of several nodes claim disjoint Issues without waiting on each other.
    private static final String CLAIM_DUE = "SELECT * FROM newsletter_issues WHERE status = 'scheduled'"
            + " AND send_at <= ? ORDER BY send_at LIMIT ? FOR UPDATE SKIP LOCKED";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Override
    public void add(NewsletterIssue issue) {
        TransactionConnection.update(em, INSERT, insert -> NewsletterIssueRow.ALL.bind(insert, 1, issue));
    }

    @Override
    public void update(NewsletterIssue issue) {
        TransactionConnection.update(em, UPDATE, update -> {
            int next = NewsletterIssueRow.STATE.bind(update, 1, issue);
            update.setString(next, issue.id());
        });
    }

    @Override
    public Optional<NewsletterIssue> find(WorkspaceId workspaceId, String id) {
        return TransactionConnection.findInWorkspace(
                em, dataSource, FIND, id, workspaceId.value(), NewsletterIssueRow::read);
    }

    @Override
    public Optional<NewsletterIssue> findForUpdate(WorkspaceId workspaceId, String id) {
        return TransactionConnection.select(
                        em,
                        FIND_FOR_UPDATE,
                        select -> {
                            select.setString(1, id);
                            select.setString(2, workspaceId.value());
                        },
                        NewsletterIssueRow::read)
                .stream()
                .findFirst();
    }

    @Override
    public List<NewsletterIssue> listOf(WorkspaceId workspaceId, String newsletterId, String afterId, int limit) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                afterId == null ? LIST : LIST_AFTER,
                select -> {
                    int next = 1;
                    select.setString(next++, workspaceId.value());
                    select.setString(next++, newsletterId);
                    if (afterId != null) {
                        select.setString(next++, afterId);
                    }
                    select.setInt(next, limit);
                },
                NewsletterIssueRow::read);
    }

    @Override
    public List<NewsletterIssue> latest(WorkspaceId workspaceId, int limit) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                LATEST,
                select -> {
                    select.setString(1, workspaceId.value());
                    select.setInt(2, limit);
                },
                NewsletterIssueRow::read);
    }

    @Override
    public List<NewsletterIssue> claimDue(Instant now, int limit) {
        return TransactionConnection.select(
                em,
                CLAIM_DUE,
                select -> {
                    select.setObject(1, Times.column(now));
                    select.setInt(2, limit);
                },
                NewsletterIssueRow::read);
    }
}
