package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.CarrierSends;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.SendResults;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A carrier's EmailSends counted by status, and the skipped ones by reason: the word a skip's reason starts with
 * ({@code unsubscribed: ...}, {@code suppressed: ...}), read in the database so that a million sends are one answer.
 */
@ApplicationScoped
public class JpaCarrierSends implements CarrierSends {
    /** A skip whose reason names no reason word is counted under this one. */
    static final String OTHER_REASON = "other";

    private static final String COUNT = "SELECT status, reason, COUNT(*) AS sends FROM (SELECT status,"
            + " CASE WHEN status <> 'skipped' THEN NULL"
            + " WHEN POSITION(':' IN failure_message) BETWEEN 2 AND 41"
            + " THEN SUBSTRING(failure_message FROM 1 FOR POSITION(':' IN failure_message) - 1)"
            + " ELSE '" + OTHER_REASON + "' END AS reason"
            + " FROM email_sends WHERE carrier_id = ? AND workspace_id = ?) carrier_sends GROUP BY status, reason";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    private record Count(String status, String reason, long sends) {}

    @Override
    public SendResults results(CarrierRef carrier) {
        List<Count> counts = TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                COUNT,
                select -> {
                    select.setString(1, carrier.id());
                    select.setString(2, carrier.workspaceId().value());
                },
                row -> new Count(row.getString("status"), row.getString("reason"), row.getLong("sends")));
        long queued = 0;
        long sent = 0;
        long failed = 0;
        long skipped = 0;
        Map<String, Long> byReason = new HashMap<>();
        for (Count count : counts) {
            switch (count.status()) {
                case "sent" -> sent += count.sends();
                case "failed" -> failed += count.sends();
                case "skipped" -> {
                    skipped += count.sends();
                    byReason.merge(count.reason(), count.sends(), Long::sum);
                }
                // queued, and processing: not delivered yet.
                default -> queued += count.sends();
            }
        }
        return new SendResults(queued, sent, failed, skipped, byReason);
    }
}
