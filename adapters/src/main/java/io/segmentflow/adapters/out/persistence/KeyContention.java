package io.segmentflow.adapters.out.persistence;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.Set;

/**
 * How a database reports that an {@code INSERT ... ON CONFLICT DO NOTHING} met a row another transaction
 * is inserting and has not committed. PostgreSQL waits for that transaction and then does nothing; the
 * embedded database answers at once with an error instead. Anything else (a lost connection) is a real
 * failure and must not pass for a taken key.
 */
final class KeyContention {
    /** Unique violation, serialization failure, and H2's lock time-out and concurrent update. */
    private static final Set<String> KEY_HELD_STATES = Set.of("23505", "40001", "HYT00", "90131");

    private KeyContention() {
    }

    static boolean heldByAnother(PersistenceException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && KEY_HELD_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
