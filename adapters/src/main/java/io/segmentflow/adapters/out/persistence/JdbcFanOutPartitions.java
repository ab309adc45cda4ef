package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.FanOutPartitions;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;

/** The boundaries in {@code fan_out_partitions}, one row each, written once per carrier. */
@ApplicationScoped
public class JdbcFanOutPartitions implements FanOutPartitions {
    private static final String BOUNDARIES = "SELECT profile_id FROM fan_out_partitions"
            + " WHERE carrier_id = ? AND workspace_id = ? ORDER BY boundary";

    // Two starts of one carrier's job racing: the first to commit keeps its boundaries, the other's are left out.
    private static final String KEEP = "INSERT INTO fan_out_partitions (carrier_id, workspace_id, boundary, profile_id)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

    /** The first id of each of {@code parts} runs of the workspace's Profiles in id order, read off the id index. */
    private static final String SPLIT_POINTS = "SELECT MIN(id) FROM (SELECT id, NTILE(?) OVER (ORDER BY id) AS part"
            + " FROM profiles WHERE workspace_id = ?) runs GROUP BY part ORDER BY 1";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public List<String> boundaries(CarrierRef carrier) {
        return TransactionConnection.select(
                em,
                BOUNDARIES,
                select -> {
                    select.setString(1, carrier.id());
                    select.setString(2, carrier.workspaceId().value());
                },
                row -> row.getString(1));
    }

    @Override
    public List<String> keep(CarrierRef carrier, List<String> boundaries) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < boundaries.size(); i++) {
            positions.add(i);
        }
        TransactionConnection.batch(em, KEEP, positions, (insert, i) -> {
            insert.setString(1, carrier.id());
            insert.setString(2, carrier.workspaceId().value());
            insert.setInt(3, i);
            insert.setString(4, boundaries.get(i));
        });
        return boundaries(carrier);
    }

    @Override
    public List<String> splitPoints(WorkspaceId workspaceId, int parts) {
        List<String> firsts = TransactionConnection.select(
                em,
                SPLIT_POINTS,
                select -> {
                    select.setInt(1, parts);
                    select.setString(2, workspaceId.value());
                },
                row -> row.getString(1));
        // The first run starts at the beginning of the id space, so its first id splits nothing.
        return firsts.isEmpty() ? List.of() : List.copyOf(firsts.subList(1, firsts.size()));
    }
}
