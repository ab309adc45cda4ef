package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.shared.DatabaseDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * An embedded database migrated to an older version, with a workspace and keys of given scopes, for the tests of a
 * migration that gives new scopes to the keys that held every scope before it. The SQL such migrations run is plain
 * string concatenation and LIKE, the same on PostgreSQL.
 */
final class ScopeMigrationDatabase {
    /** Held, so the level set on it stays. */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    private final JdbcDataSource database = new JdbcDataSource();

    /** A database at {@code version}, with workspace {@code ws_1}. */
    ScopeMigrationDatabase(String version) throws SQLException {
        FLYWAY_LOG.setLevel(Level.WARNING);
        database.setURL("jdbc:h2:mem:scopes_" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        database.setPassword("");
        Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(database)
                // The embedded database's own migrations too, as the application runs them: a version past 11 has 11.1.
                .locations("classpath:db/migration", "classpath:db/h2")
                .placeholders(Map.of("json_type", DatabaseDialect.H2.jsonColumnType()))
                .target(version)
                .load()
                .migrate();
        execute("INSERT INTO workspaces (id, name, created_at) VALUES ('ws_1', 'Acme', CURRENT_TIMESTAMP)");
    }

    /** Runs every migration after the version it was made at, as a start of the application does. */
    void migrateToLatest() {
        SchemaMigrations migrations = new SchemaMigrations();
        migrations.dataSource = database;
        migrations.migrate();
    }

    /** A key of workspace {@code ws_1} with these scopes (wire names separated by spaces, as the table keeps them). */
    void addKey(String id, String scopes) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO api_keys (id, workspace_id, name, prefix, secret_hash, scopes, created_at)"
                                + " VALUES (?, 'ws_1', ?, 'sf_x', ?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, id);
            insert.setString(2, id);
            insert.setString(3, "hash-of-" + id);
            insert.setString(4, scopes);
            insert.executeUpdate();
        }
    }

    Set<String> scopesOf(String id) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement query = c.prepareStatement("SELECT scopes FROM api_keys WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new TreeSet<>(Arrays.asList(row.getString(1).split(" ")));
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.getConnection();
                Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }
}
