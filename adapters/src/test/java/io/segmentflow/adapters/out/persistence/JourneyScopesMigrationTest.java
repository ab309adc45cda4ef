package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migration V10 gives the Journeys' new scopes (events:read, journeys:write) to the keys that held every scope
 * before it, and to no other, so an upgraded server's bootstrap key can write Journeys. It needs a database at
 * version 9, so it makes its own embedded one (the SQL is plain string concatenation and LIKE, the same on
 * PostgreSQL).
 */
class JourneyScopesMigrationTest {
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");
    /** Every scope of version 9, as the api_keys table stores them: wire names sorted, separated by spaces. */
    private static final List<String> VERSION_9_SCOPES = List.of(
            "api_keys:write",
            "broadcasts:cancel",
            "broadcasts:create",
            "broadcasts:prepare",
            "broadcasts:read",
            "emails:read",
            "emails:write",
            "events:write",
            "journeys:read",
            "journeys:trigger",
            "profiles:read",
            "profiles:write",
            "segments:read",
            "suppressions:read",
            "suppressions:write",
            "templates:read",
            "templates:write",
            "workspaces:create");

    private final JdbcDataSource database = new JdbcDataSource();

    @BeforeEach
    void databaseAtVersion9() {
        FLYWAY_LOG.setLevel(Level.WARNING);
        database.setURL("jdbc:h2:mem:journey_scopes_" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        database.setPassword("");
        Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(database)
                .locations("classpath:db/migration")
                .placeholders(Map.of("json_type", "VARCHAR"))
                .target("9")
                .load()
                .migrate();
    }

    @Test
    void full_access_keys_get_the_journey_scopes_and_narrower_keys_do_not() throws SQLException {
        // given
        execute("INSERT INTO workspaces (id, name, created_at) VALUES ('ws_1', 'Acme', CURRENT_TIMESTAMP)");
        addKey("key_bootstrap", String.join(" ", VERSION_9_SCOPES));
        addKey(
                "key_first",
                String.join(
                        " ",
                        VERSION_9_SCOPES.stream()
                                .filter(s -> !s.equals("workspaces:create"))
                                .toList()));
        addKey("key_sender", "emails:read emails:write");
        addKey("key_admin", "api_keys:write templates:read templates:write");

        // when
        SchemaMigrations migrations = new SchemaMigrations();
        migrations.dataSource = database;
        migrations.migrate();

        // then
        assertThat(scopesOf("key_bootstrap"))
                .contains("events:read", "journeys:write")
                .containsAll(VERSION_9_SCOPES);
        assertThat(scopesOf("key_first"))
                .contains("events:read", "journeys:write")
                .doesNotContain("workspaces:create");
        assertThat(scopesOf("key_sender")).containsExactly("emails:read", "emails:write");
        assertThat(scopesOf("key_admin")).containsExactly("api_keys:write", "templates:read", "templates:write");
    }

    private void addKey(String id, String scopes) throws SQLException {
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

    private Set<String> scopesOf(String id) throws SQLException {
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
