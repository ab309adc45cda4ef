package io.segmentflow.adapters.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
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
    POSTGRESQL(Set.of("57P01", "57P02", "57P03"), Set.of("23505", "40001"), "jsonb", "classpath:db/postgresql"),
    /**
     * Outage: connection broken. A held key: unique violation, lock time-out, concurrent update. JSON is kept as text:
     * H2 would keep a bound string in a JSON column as a JSON string rather than as the object it holds.
     */
    H2(Set.of("90067"), Set.of("23505", "HYT00", "90131"), "VARCHAR", "classpath:db/h2");

    private final Set<String> outageStates;
    private final Set<String> keyHeldStates;
    private final String jsonColumnType;
    private final String ownMigrations;

    DatabaseDialect(Set<String> outageStates, Set<String> keyHeldStates, String jsonColumnType, String ownMigrations) {
        this.outageStates = outageStates;
        this.keyHeldStates = keyHeldStates;
        this.jsonColumnType = jsonColumnType;
        this.ownMigrations = ownMigrations;
    }

    /** The dialect of the database this connection talks to. */
    public static DatabaseDialect of(Connection connection) throws SQLException {
        return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName()) ? POSTGRESQL : H2;
    }

    /**
     * The type of a JSON column: {@code jsonb} on PostgreSQL, so that it can be indexed and queried. Migrations name
     * it {@code ${json_type}}.
     */
    public String jsonColumnType() {
        return jsonColumnType;
    }

    /**
     * Where the migrations are: the shared ones, and those of this database alone (PostgreSQL's indexes that the
     * embedded database has no use for; the embedded database's tables of Liberty's batch job repository, which
     * Liberty makes by itself on PostgreSQL), whose versions fall between the shared ones'.
     */
    public List<String> migrationLocations() {
        return ownMigrations == null
                ? List.of("classpath:db/migration")
                : List.of("classpath:db/migration", ownMigrations);
    }

    /** Whether the database can evaluate a condition on Profile properties itself (JSON operators and indexes). */
    public boolean queriesJson() {
        return this == POSTGRESQL;
    }

    /**
     * Whether an insert can update the row whose key it meets in the same statement ({@code ON CONFLICT (key) DO
     * UPDATE}): PostgreSQL can, and finds that row through the key's own index whatever its plan cache holds; H2 knows
     * only {@code ON CONFLICT DO NOTHING}, so there an update comes first and an insert after it.
     */
    public boolean upsertsOnConflict() {
        return this == POSTGRESQL;
    }

    /**
     * Whether rows whose keys another transaction may hold can share a multi-row {@code INSERT ... ON CONFLICT DO
     * NOTHING}: PostgreSQL waits for each holder and leaves its row out; H2 would fail the whole statement, so there
     * each such row goes alone in a JDBC batch, which fails that row only.
     */
    public boolean insertsManyRowsPastHeldKeys() {
        return this == POSTGRESQL;
    }

    /** A statement parameter that binds a JSON text into a JSON column. */
    public String jsonParameter() {
        return "CAST(? AS " + jsonColumnType + ")";
    }

    /** Whether {@code failure} (one exception, not its causes) is a database saying that it cannot be reached. */
    /** The statement that refreshes the planner's statistics of {@code table}. */
    public String analyze(String table) {
        return this == POSTGRESQL ? "ANALYZE " + table : "ANALYZE TABLE " + table;
    }

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
