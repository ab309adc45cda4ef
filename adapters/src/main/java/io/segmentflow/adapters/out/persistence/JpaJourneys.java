package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Journeys;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Journeys in {@code journeys} and their versions in {@code journey_versions}, through {@link JourneyRow}. */
@ApplicationScoped
public class JpaJourneys implements Journeys {
    private static final String INSERT = JourneyRow.ALL.insertInto(JourneyRow.TABLE);
    private static final String UPDATE = JourneyRow.STATE.update(JourneyRow.TABLE) + " WHERE id = ?";
    private static final String INSERT_VERSION = JourneyRow.VERSION.insertInto(JourneyRow.VERSIONS);
    // A draft is edited in place: its one version changes until it is activated.
    private static final String UPDATE_VERSION =
            JourneyRow.DEFINITION.update(JourneyRow.VERSIONS) + " WHERE journey_id = ? AND version = ?";
    private static final String FIND = JourneyRow.SELECT + " WHERE j.id = ? AND j.workspace_id = ?";
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    private static final String LIST = JourneyRow.SELECT + " WHERE j.workspace_id = ? ORDER BY j.id LIMIT ?";
    private static final String LIST_AFTER =
            JourneyRow.SELECT + " WHERE j.workspace_id = ? AND j.id > ? ORDER BY j.id LIMIT ?";
    private static final String LISTENING = JourneyRow.SELECT
            + " WHERE j.workspace_id = ? AND j.trigger_event = ? AND j.status IN ('active', 'paused') ORDER BY j.id";
    private static final String GRAPH =
            "SELECT start_step, steps FROM journey_versions WHERE journey_id = ? AND version = ?";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Override
    public void add(Journey journey) {
        TransactionConnection.update(em, INSERT, insert -> JourneyRow.ALL.bind(insert, 1, journey));
        TransactionConnection.update(em, INSERT_VERSION, insert -> JourneyRow.VERSION.bind(insert, 1, journey));
    }

    @Override
    public void update(Journey journey) {
        TransactionConnection.update(em, UPDATE, update -> {
            int next = JourneyRow.STATE.bind(update, 1, journey);
            update.setString(next, journey.id());
        });
        int changed = TransactionConnection.update(em, UPDATE_VERSION, update -> {
            int next = JourneyRow.DEFINITION.bind(update, 1, journey);
            update.setString(next, journey.id());
            update.setInt(next + 1, journey.version());
        });
        if (changed == 0) {
            TransactionConnection.update(em, INSERT_VERSION, insert -> JourneyRow.VERSION.bind(insert, 1, journey));
        }
    }

    @Override
    public Optional<Journey> find(WorkspaceId workspaceId, String id) {
        return TransactionConnection.findInWorkspace(em, dataSource, FIND, id, workspaceId.value(), JourneyRow::read);
    }

    @Override
    public Optional<Journey> findForUpdate(WorkspaceId workspaceId, String id) {
        return TransactionConnection.select(
                        em,
                        FIND_FOR_UPDATE,
                        select -> {
                            select.setString(1, id);
                            select.setString(2, workspaceId.value());
                        },
                        JourneyRow::read)
                .stream()
                .findFirst();
    }

    @Override
    public List<Journey> list(WorkspaceId workspaceId, String afterId, int limit) {
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
                JourneyRow::read);
    }

    @Override
    public List<Journey> listeningTo(WorkspaceId workspaceId, EventName event) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                LISTENING,
                select -> {
                    select.setString(1, workspaceId.value());
                    select.setString(2, event.value());
                },
                JourneyRow::read);
    }

    @Override
    public Optional<JourneyGraph> graph(String journeyId, int version) {
        return TransactionConnection.selectInOrOutOfTransaction(
                        em,
                        dataSource,
                        GRAPH,
                        select -> {
                            select.setString(1, journeyId);
                            select.setInt(2, version);
                        },
                        row -> JourneyRow.graph(row.getString("start_step"), row.getString("steps")))
                .stream()
                .findFirst();
    }
}
