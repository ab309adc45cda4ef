package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.SenderDomains;
import io.segmentflow.domain.sender.DomainName;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Sender domains in {@code sender_domains}, through {@link SenderDomainRow}. */
@ApplicationScoped
public class JpaSenderDomains implements SenderDomains {
    // Two requests adding one name at once: the unique (workspace, name) key keeps the first, the other adds nothing.
    private static final String INSERT =
            SenderDomainRow.ALL.insertInto(SenderDomainRow.TABLE) + " ON CONFLICT DO NOTHING";
    private static final String UPDATE =
            SenderDomainRow.VERIFICATION.update(SenderDomainRow.TABLE) + " WHERE id = ? AND workspace_id = ?";
    private static final String FIND = "SELECT * FROM sender_domains WHERE id = ? AND workspace_id = ?";
    private static final String FIND_BY_NAME = "SELECT * FROM sender_domains WHERE name = ? AND workspace_id = ?";
    private static final String LIST =
            "SELECT * FROM sender_domains WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?";
    private static final String REMOVE = "DELETE FROM sender_domains WHERE id = ? AND workspace_id = ?";
    private static final String VERIFIED_PREFIX =
            "SELECT * FROM sender_domains WHERE status = 'verified' AND workspace_id IN (";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Override
    public boolean add(SenderDomain domain) {
        return TransactionConnection.update(em, INSERT, insert -> SenderDomainRow.ALL.bind(insert, 1, domain)) == 1;
    }

    @Override
    public void update(SenderDomain domain) {
        TransactionConnection.update(em, UPDATE, update -> {
            int next = SenderDomainRow.VERIFICATION.bind(update, 1, domain);
            update.setString(next++, domain.id());
            update.setString(next, domain.workspaceId().value());
        });
    }

    @Override
    public Optional<SenderDomain> find(WorkspaceId workspaceId, String id) {
        return TransactionConnection.findInWorkspace(
                em, dataSource, FIND, id, workspaceId.value(), SenderDomainRow::read);
    }

    @Override
    public Optional<SenderDomain> findByName(WorkspaceId workspaceId, DomainName name) {
        return TransactionConnection.findInWorkspace(
                em, dataSource, FIND_BY_NAME, name.value(), workspaceId.value(), SenderDomainRow::read);
    }

    @Override
    public List<SenderDomain> list(WorkspaceId workspaceId, String afterId, int limit) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                LIST,
                select -> {
                    select.setString(1, workspaceId.value());
                    select.setString(2, afterId == null ? "" : afterId);
                    select.setInt(3, limit);
                },
                SenderDomainRow::read);
    }

    @Override
    public boolean remove(WorkspaceId workspaceId, String id) {
        return TransactionConnection.update(em, REMOVE, delete -> {
                    delete.setString(1, id);
                    delete.setString(2, workspaceId.value());
                })
                == 1;
    }

    @Override
    public Map<WorkspaceId, List<SenderDomain>> verifiedOf(Collection<WorkspaceId> workspaceIds) {
        List<String> ids =
                workspaceIds.stream().map(WorkspaceId::value).distinct().toList();
        Map<WorkspaceId, List<SenderDomain>> verified = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += TransactionConnection.MAX_IN_LIST) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + TransactionConnection.MAX_IN_LIST));
            TransactionConnection.select(
                            em,
                            TransactionConnection.withInList(VERIFIED_PREFIX, part.size()) + " ORDER BY id",
                            select -> TransactionConnection.bindInList(select, 1, part),
                            SenderDomainRow::read)
                    .forEach(domain -> verified.computeIfAbsent(domain.workspaceId(), w -> new ArrayList<>())
                            .add(domain));
        }
        return verified;
    }
}
