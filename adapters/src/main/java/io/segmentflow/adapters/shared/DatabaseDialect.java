package io.segmentflow.adapters.shared;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;

/**
 * What differs between the databases Segmentflow runs on: PostgreSQL in production, the embedded H2 (in PostgreSQL
 * mode) for the zero-set-up run. The schema and the SQL are written for both; only how each reports two situations
 * differs, and every code that says so is here:
 * <ul>
 *   <li>the database cannot be reached (besides the standard connection-exception class 08 and the driver's
 *       connection exceptions, which {@link DatabaseOutage} reads for every database);</li>
 *   <li>an insert met a key another transaction holds. PostgreSQL waits for that transaction and then does nothing
 *       ({@code ON CONFLICT DO NOTHING}) or reports a unique violation; H2 does not wait and answers at once with a
 *       lock time-out or a concurrent-update error, and goes on with the rest of a JDBC batch.</li>
 * </ul>
 * A failure names no database, so each question asks every dialect: their codes do not overlap in meaning.
 */
public enum DatabaseDialect {
    /**
     * Outages: admin shutdown, crash shutdown, cannot connect now (a restart). A held key: unique violation,
     * serialization failure.
     */
    POSTGRESQL(Set.of("57P01", "57P02", "57P03"), Set.of("23505", "40001")),
    /** Outage: connection broken. A held key: unique violation, lock time-out, concurrent update. */
    H2(Set.of("90067"), Set.of("23505", "HYT00", "90131"));

    private final Set<String> outageStates;
    private final Set<String> keyHeldStates;

    DatabaseDialect(Set<String> outageStates, Set<String> keyHeldStates) {
        this.outageStates = outageStates;
        this.keyHeldStates = keyHeldStates;
    }

    /** Whether {@code failure} (one exception, not its causes) is a database saying that it cannot be reached. */
    public static boolean reportsOutage(SQLException failure) {
        return anyNames(failure, d -> d.outageStates);
    }

    /** Whether {@code failure} (one exception, not its causes) is an insert meeting a key another transaction holds. */
    public static boolean reportsKeyHeldByAnother(SQLException failure) {
        return anyNames(failure, d -> d.keyHeldStates);
    }

    private static boolean anyNames(SQLException failure, Function<DatabaseDialect, Set<String>> states) {
        String state = failure.getSQLState();
        return state != null
                && Arrays.stream(values()).anyMatch(d -> states.apply(d).contains(state));
    }
}
