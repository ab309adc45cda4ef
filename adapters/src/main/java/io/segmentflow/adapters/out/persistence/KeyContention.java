package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.shared.DatabaseDialect;
import java.sql.SQLException;

/**
 * Whether an {@code INSERT ... ON CONFLICT DO NOTHING} failed because it met a row another transaction is inserting
 * and has not committed (each database says so in its own words: {@link DatabaseDialect}). Anything else (a lost
 * connection) is a real failure and must not pass for a taken key.
 */
final class KeyContention {
    private KeyContention() {}

    /** Whether {@code failure}, from JPA or from a JDBC batch (whose rows chain their own exceptions), says so. */
    static boolean heldByAnother(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (DatabaseDialect.reportsKeyHeldByAnother(next)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
