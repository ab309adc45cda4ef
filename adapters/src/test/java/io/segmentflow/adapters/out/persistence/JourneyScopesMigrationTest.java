package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migration V10 gives the Journeys' new scopes (events:read, journeys:write) to the keys that held every scope
 * before it, and to no other, so an upgraded server's bootstrap key can write Journeys. It needs a database at
 * version 9, so it makes its own embedded one (the SQL is plain string concatenation and LIKE, the same on
 * PostgreSQL).
 */
class JourneyScopesMigrationTest {
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

    private ScopeMigrationDatabase database;

    @BeforeEach
    void databaseAtVersion9() throws SQLException {
        database = new ScopeMigrationDatabase("9");
    }

    @Test
    void full_access_keys_get_the_journey_scopes_and_narrower_keys_do_not() throws SQLException {
        // given
        database.addKey("key_bootstrap", String.join(" ", VERSION_9_SCOPES));
        database.addKey(
                "key_first",
                String.join(
                        " ",
                        VERSION_9_SCOPES.stream()
                                .filter(s -> !s.equals("workspaces:create"))
                                .toList()));
        database.addKey("key_sender", "emails:read emails:write");
        database.addKey("key_admin", "api_keys:write templates:read templates:write");

        // when
        database.migrateToLatest();

        // then
        assertThat(database.scopesOf("key_bootstrap"))
                .contains("events:read", "journeys:write")
                .containsAll(VERSION_9_SCOPES);
        assertThat(database.scopesOf("key_first"))
                .contains("events:read", "journeys:write")
                .doesNotContain("workspaces:create");
        assertThat(database.scopesOf("key_sender")).containsExactly("emails:read", "emails:write");
        assertThat(database.scopesOf("key_admin"))
                .containsExactly("api_keys:write", "templates:read", "templates:write");
    }
}
