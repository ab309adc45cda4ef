package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migration V2 gives the suppression scopes to the keys that held every scope before it (the bootstrap key,
 * each workspace's first key), and to no other. It needs a database still at version 1, so it makes its own
 * embedded one (the SQL is plain string concatenation and LIKE, the same on PostgreSQL).
 */
class SuppressionScopesMigrationTest {
    /** Every scope of version 1, as the api_keys table stores them: wire names sorted, separated by spaces. */
    private static final List<String> VERSION_1_SCOPES = List.of(
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
            "segments:read",
            "templates:read",
            "templates:write",
            "workspaces:create");

    private ScopeMigrationDatabase database;

    @BeforeEach
    void databaseAtVersion1() throws SQLException {
        database = new ScopeMigrationDatabase("1");
    }

    @Test
    void full_access_keys_get_the_suppression_scopes_and_narrower_keys_do_not() throws SQLException {
        // given
        database.addKey("key_bootstrap", String.join(" ", VERSION_1_SCOPES));
        database.addKey(
                "key_first",
                String.join(
                        " ",
                        VERSION_1_SCOPES.stream()
                                .filter(s -> !s.equals("workspaces:create"))
                                .toList()));
        database.addKey("key_sender", "emails:read emails:write");
        database.addKey("key_admin", "api_keys:write templates:read templates:write");

        // when
        database.migrateToLatest();

        // then
        assertThat(database.scopesOf("key_bootstrap"))
                .contains("suppressions:read", "suppressions:write")
                .containsAll(VERSION_1_SCOPES);
        assertThat(database.scopesOf("key_first"))
                .contains("suppressions:read", "suppressions:write")
                .doesNotContain("workspaces:create");
        assertThat(database.scopesOf("key_sender")).containsExactly("emails:read", "emails:write");
        assertThat(database.scopesOf("key_admin"))
                .containsExactly("api_keys:write", "templates:read", "templates:write");
    }
}
