package io.segmentflow.adapters.out.persistence;

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

    private KeyContention() {}

    /** Whether {@code failure}, from JPA or from a JDBC batch (whose rows chain their own exceptions), says so. */
    static boolean heldByAnother(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (KEY_HELD_STATES.contains(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
