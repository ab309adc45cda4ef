package io.segmentflow.adapters.shared;

import io.segmentflow.application.error.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * How a failure says that the database could not be reached, rather than that the work was wrong: it is down or
 * restarting, the connection broke, or the pool could not get one in time. Such a failure is worth retrying in a
 * few seconds; any other is not. The one place that reads the drivers' and the container's connection errors,
 * for the HTTP answer (503) and for delivery (hold the results until the database is back).
 */
public final class DatabaseOutage {
    /** The container's own words for a pool that gave no connection, or a connection found dead. */
    private static final Set<String> POOL_FAILURES =
            Set.of("ConnectionWaitTimeoutException", "StaleConnectionException");

    private static final int MAX_DEPTH = 50;

    private DatabaseOutage() {}

    /** Whether {@code failure}, or anything in its chain of causes, says the database could not be reached. */
    public static boolean explains(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure;
                cause != null && seen.size() < MAX_DEPTH && seen.add(cause);
                cause = cause.getCause()) {
            if (cause instanceof StoreUnavailableException
                    || POOL_FAILURES.contains(cause.getClass().getSimpleName())) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                // A JDBC batch chains its rows' failures: the connection's may be any of them.
                for (SQLException next = sql; next != null && seen.size() < MAX_DEPTH; next = next.getNextException()) {
                    if (isOutage(next)) {
                        return true;
                    }
                    seen.add(next);
                }
            }
        }
        return false;
    }

    private static boolean isOutage(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        // SQLState class 08 (connection exception) is every database's; the rest are each database's own words.
        String state = e.getSQLState();
        return (state != null && state.startsWith("08")) || DatabaseDialect.reportsOutage(e);
    }

    /** {@code failure} as the application's {@link StoreUnavailableException} when an outage explains it. */
    public static RuntimeException translated(RuntimeException failure) {
        if (failure instanceof StoreUnavailableException || !explains(failure)) {
            return failure;
        }
        return new StoreUnavailableException("the database cannot be reached: " + reason(failure), failure);
    }

    /** The deepest cause's message, in one line: the driver's own words ("Connection refused", ...). */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < MAX_DEPTH; depth++) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
