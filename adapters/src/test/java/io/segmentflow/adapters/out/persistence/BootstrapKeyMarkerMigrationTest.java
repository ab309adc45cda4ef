package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migration V6 marks the bootstrap keys made before it (named so, with every scope, in the workspace created
 * first), and no other key, so that a changed configured secret can revoke them. It needs a database from
 * before version 6, so it makes its own embedded one (the SQL is a plain sub-select and LIKE, the same on
 * PostgreSQL).
 */
class BootstrapKeyMarkerMigrationTest {
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");
    private static final String EVERY_SCOPE = "api_keys:write broadcasts:cancel broadcasts:create broadcasts:prepare"
            + " broadcasts:read emails:read emails:write events:write journeys:read journeys:trigger segments:read"
            + " suppressions:read suppressions:write templates:read templates:write workspaces:create";

    private final JdbcDataSource database = new JdbcDataSource();

    @BeforeEach
    void databaseBeforeVersion6() {
        FLYWAY_LOG.setLevel(Level.WARNING);
        database.setURL("jdbc:h2:mem:bootstrap_marker_" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        database.setPassword("");
        Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(database)
                .locations("classpath:db/migration")
                .target("4")
                .load()
                .migrate();
    }

    @Test
    void the_bootstrap_keys_of_the_first_workspace_are_marked_and_no_other_key() throws SQLException {
        // given
        addWorkspace("ws_first", "2025-01-01 10:00:00+00");
        addWorkspace("ws_later", "2025-02-01 10:00:00+00");
        addKey("key_generated", "ws_first", "Bootstrap key", EVERY_SCOPE);
        addKey("key_configured", "ws_first", "Bootstrap key", EVERY_SCOPE);
        addKey("key_backend", "ws_first", "Backend", "emails:write");
        addKey("key_named_alike", "ws_first", "Bootstrap key", "emails:write");
        addKey("key_other_workspace", "ws_later", "Bootstrap key", EVERY_SCOPE);

        // when
        SchemaMigrations migrations = new SchemaMigrations();
        migrations.dataSource = database;
        migrations.migrate();

        // then
        assertThat(isBootstrap("key_generated")).isTrue();
        assertThat(isBootstrap("key_configured")).isTrue();
        assertThat(isBootstrap("key_backend")).isFalse();
        assertThat(isBootstrap("key_named_alike")).isFalse();
        assertThat(isBootstrap("key_other_workspace")).isFalse();
    }

    private void addWorkspace(String id, String createdAt) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, CAST(? AS TIMESTAMP WITH TIME ZONE))")) {
            insert.setString(1, id);
            insert.setString(2, id);
            insert.setString(3, createdAt);
            insert.executeUpdate();
        }
    }

    private void addKey(String id, String workspaceId, String name, String scopes) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO api_keys (id, workspace_id, name, prefix, secret_hash, scopes, created_at)"
                                + " VALUES (?, ?, ?, 'sf_x', ?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, id);
            insert.setString(2, workspaceId);
            insert.setString(3, name);
            insert.setString(4, "hash-of-" + id);
            insert.setString(5, scopes);
            insert.executeUpdate();
        }
    }

    private boolean isBootstrap(String id) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement query = c.prepareStatement("SELECT bootstrap FROM api_keys WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
