package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Newsletters;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Newsletters in {@code newsletters}, through {@link NewsletterRow}. */
@ApplicationScoped
public class JpaNewsletters implements Newsletters {
    private static final String INSERT = NewsletterRow.ALL.insertInto(NewsletterRow.TABLE);
    private static final String UPDATE = NewsletterRow.STATE.update(NewsletterRow.TABLE) + " WHERE id = ?";
    private static final String FIND = "SELECT * FROM newsletters WHERE id = ? AND workspace_id = ?";
    private static final String LIST = "SELECT * FROM newsletters WHERE workspace_id = ? ORDER BY id LIMIT ?";
    private static final String LIST_AFTER =
            "SELECT * FROM newsletters WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Override
    public void add(Newsletter newsletter) {
        TransactionConnection.update(em, INSERT, insert -> NewsletterRow.ALL.bind(insert, 1, newsletter));
    }

    @Override
    public void update(Newsletter newsletter) {
        TransactionConnection.update(em, UPDATE, update -> {
            int next = NewsletterRow.STATE.bind(update, 1, newsletter);
            update.setString(next, newsletter.id());
        });
    }

    @Override
    public Optional<Newsletter> find(WorkspaceId workspaceId, String id) {
        return TransactionConnection.findInWorkspace(
                em, dataSource, FIND, id, workspaceId.value(), NewsletterRow::read);
    }

    @Override
    public List<Newsletter> list(WorkspaceId workspaceId, String afterId, int limit) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                afterId == null ? LIST : LIST_AFTER,
                select -> {
                    int next = 1;
                    select.setString(next++, workspaceId.value());
                    if (afterId != null) {
                        select.setString(next++, afterId);
                    }
                    select.setInt(next, limit);
                },
                NewsletterRow::read);
    }
}
