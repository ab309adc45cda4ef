package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.shared.DatabaseDialect;
import jakarta.persistence.EntityManager;
import java.sql.SQLException;

/** The dialect of the database an adapter writes to, read from the first transaction that needs it and kept. */
final class StoreDialect {
    private volatile DatabaseDialect known;

    DatabaseDialect of(EntityManager em) {
        DatabaseDialect dialect = known;
        if (dialect == null) {
            try {
                dialect = DatabaseDialect.of(TransactionConnection.of(em));
            } catch (SQLException e) {
                throw TransactionConnection.failed(e);
            }
            known = dialect;
        }
        return dialect;
    }
}
