package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.JourneyRuns;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.PriorRuns;
import io.segmentflow.domain.journey.RunStats;
import io.segmentflow.domain.journey.RunStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Journey runs in {@code journey_runs}, through {@link JourneyRunRow}. A run's timer is its {@code due_at}: claims take
 * the soonest due with {@code FOR UPDATE SKIP LOCKED}, so the workers of every node share them without waiting on
 * each other, and each run is held by one transaction at a time.
 */
@ApplicationScoped
public class JpaJourneyRuns implements JourneyRuns {
    private static final MultiRowInsert ADD = JourneyRunRow.ALL.insertsInto(JourneyRunRow.TABLE, "");
    private static final String UPDATE = JourneyRunRow.KEYED_PROGRESS.mergeByFirstColumn(JourneyRunRow.TABLE);
    private static final String FIND = "SELECT * FROM journey_runs WHERE id = ? AND workspace_id = ?";
    private static final String LIST =
            "SELECT * FROM journey_runs WHERE workspace_id = ? AND journey_id = ?" + " ORDER BY id DESC LIMIT ?";
    private static final String LIST_BEFORE = "SELECT * FROM journey_runs WHERE workspace_id = ? AND journey_id = ?"
            + " AND id < ? ORDER BY id DESC LIMIT ?";
    // An ended run has no due time, so the index on due_at holds only runs that go on.
    private static final String DUE = "SELECT * FROM journey_runs WHERE due_at >= ? AND due_at <= ?"
            + " ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String NEXT_DUE = "SELECT MIN(due_at) FROM journey_runs WHERE due_at >= ?";
    private static final String WAITING_FOR =
            "SELECT * FROM journey_runs WHERE workspace_id = ?" + " AND status = 'waiting' AND awaited_event IN (";
    private static final String GOING = "SELECT * FROM journey_runs WHERE workspace_id = ? AND profile_id = ?"
            + " AND due_at IS NOT NULL ORDER BY id FOR UPDATE";
    private static final String PRIOR =
            "SELECT profile_id, journey_id, due_at FROM journey_runs" + " WHERE workspace_id = ? AND journey_id IN (";
    private static final String BY_STATUS =
            "SELECT status, COUNT(*) FROM journey_runs WHERE workspace_id = ? AND journey_id = ? GROUP BY status";
    private static final String BY_STEP = "SELECT current_step, COUNT(*) FROM journey_runs WHERE workspace_id = ?"
            + " AND journey_id = ? AND due_at IS NOT NULL AND current_step IS NOT NULL GROUP BY current_step";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    /** Where this node's claims of due runs, and its look for the next due time, start in the due_at index. */
    private final ClaimFloor claimFloor = new ClaimFloor();

    @Override
    public void addAll(List<JourneyRun> runs) {
        TransactionConnection.insertRows(em, ADD, runs, JourneyRunRow.ALL::bind);
    }

    @Override
    public void updateAll(List<JourneyRun> runs) {
        TransactionConnection.updateRows(em, UPDATE, JourneyRunRow.KEYED_PROGRESS, runs);
    }

    @Override
    public Optional<JourneyRun> find(WorkspaceId workspaceId, String id) {
        return TransactionConnection.findInWorkspace(
                em, dataSource, FIND, id, workspaceId.value(), JourneyRunRow::read);
    }

    @Override
    public List<JourneyRun> listOf(WorkspaceId workspaceId, String journeyId, String beforeId, int limit) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                beforeId == null ? LIST : LIST_BEFORE,
                select -> {
                    int next = 1;
                    select.setString(next++, workspaceId.value());
                    select.setString(next++, journeyId);
                    if (beforeId != null) {
                        select.setString(next++, beforeId);
                    }
                    select.setInt(next, limit);
                },
                JourneyRunRow::read);
    }

    @Override
    public Map<String, Map<String, PriorRuns>> priorRuns(
            WorkspaceId workspaceId, Collection<String> profileIds, Collection<String> journeyIds) {
        Map<String, Map<String, PriorRuns>> prior = new HashMap<>();
        ofProfiles(
                        PRIOR,
                        workspaceId,
                        List.copyOf(journeyIds),
                        profileIds,
                        "",
                        row -> new PriorRow(
                                row.getString(1), row.getString(2), row.getObject(3, OffsetDateTime.class) != null))
                .forEach(run -> prior.computeIfAbsent(run.profileId(), p -> new HashMap<>())
                        .merge(
                                run.journeyId(),
                                new PriorRuns(true, run.going()),
                                (x, y) -> new PriorRuns(true, x.going() || y.going())));
        return prior;
    }

    /** One run as {@link #priorRuns} reads it: whose, in which Journey, and whether it goes on. */
    private record PriorRow(String profileId, String journeyId, boolean going) {}

    /** Runs {@code work} for each slice of {@code values} that an IN list holds. */
    private static void forEachChunk(List<String> values, Consumer<List<String>> work) {
        for (int from = 0; from < values.size(); from += TransactionConnection.MAX_IN_LIST) {
            work.accept(values.subList(from, Math.min(values.size(), from + TransactionConnection.MAX_IN_LIST)));
        }
    }

    @Override
    public List<JourneyRun> claimDue(Instant now, int limit) {
        return claimFloor.claim(em, DUE, now, limit, JourneyRunRow::read, JourneyRun::dueAt);
    }

    @Override
    public List<JourneyRun> waitingForAny(
            WorkspaceId workspaceId, Collection<String> profileIds, Collection<EventName> events) {
        List<String> names = events.stream().map(EventName::value).distinct().toList();
        return ofProfiles(WAITING_FOR, workspaceId, names, profileIds, " ORDER BY id FOR UPDATE", JourneyRunRow::read);
    }

    /**
     * Reads {@code head}'s rows for a workspace whose first IN list holds {@code values} and whose profile_id is one
     * of {@code profileIds}, in as many statements as the two lists need.
     */
    private <T> List<T> ofProfiles(
            String head,
            WorkspaceId workspaceId,
            List<String> values,
            Collection<String> profileIds,
            String tail,
            TransactionConnection.RowReader<T> reader) {
        List<String> profiles = List.copyOf(new LinkedHashSet<>(profileIds));
        List<T> rows = new ArrayList<>();
        forEachChunk(
                values,
                someValues -> forEachChunk(profiles, someProfiles -> {
                    String sql = TransactionConnection.withInList(
                                    TransactionConnection.withInList(head, someValues.size()) + " AND profile_id IN (",
                                    someProfiles.size())
                            + tail;
                    rows.addAll(TransactionConnection.select(
                            em,
                            sql,
                            select -> {
                                select.setString(1, workspaceId.value());
                                TransactionConnection.bindInList(select, 2, someValues);
                                TransactionConnection.bindInList(
                                        select, 2 + TransactionConnection.inListSize(someValues.size()), someProfiles);
                            },
                            reader));
                }));
        return rows;
    }

    @Override
    public List<JourneyRun> goingOf(WorkspaceId workspaceId, String profileId) {
        return TransactionConnection.select(
                em,
                GOING,
                select -> {
                    select.setString(1, workspaceId.value());
                    select.setString(2, profileId);
                },
                JourneyRunRow::read);
    }

    @Override
    public RunStats stats(WorkspaceId workspaceId, String journeyId) {
        Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
        Map<String, Long> byStep = new HashMap<>();
        TransactionConnection.Parameters parameters = select -> {
            select.setString(1, workspaceId.value());
            select.setString(2, journeyId);
        };
        TransactionConnection.selectInOrOutOfTransaction(
                        em,
                        dataSource,
                        BY_STATUS,
                        parameters,
                        row -> Map.entry(JourneyRunRow.status(row.getString(1)), row.getLong(2)))
                .forEach(entry -> byStatus.put(entry.getKey(), entry.getValue()));
        TransactionConnection.selectInOrOutOfTransaction(
                        em, dataSource, BY_STEP, parameters, row -> Map.entry(row.getString(1), row.getLong(2)))
                .forEach(entry -> byStep.put(entry.getKey(), entry.getValue()));
        return new RunStats(byStatus, byStep);
    }

    @Override
    public Optional<Instant> nextDue() {
        List<Instant> next = new ArrayList<>(TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                NEXT_DUE,
                select -> select.setObject(1, Times.column(claimFloor.floor())),
                row -> Times.instant(row.getObject(1, OffsetDateTime.class))));
        return next.isEmpty() ? Optional.empty() : Optional.ofNullable(next.get(0));
    }
}
