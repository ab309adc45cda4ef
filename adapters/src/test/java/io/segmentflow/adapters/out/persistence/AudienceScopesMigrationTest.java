package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migration V12 gives the audience scopes (segments:write, subscription_groups:read and :write) to the keys that held
 * every scope before it, and to no other, so an upgraded server's bootstrap key can manage segments and groups. It
 * needs a database at version 11, so it makes its own embedded one (the SQL is plain string concatenation and LIKE,
 * the same on PostgreSQL).
 */
class AudienceScopesMigrationTest {
    /** Every scope of version 11, as the api_keys table stores them: wire names sorted, separated by spaces. */
    private static final List<String> VERSION_11_SCOPES = List.of(
            "api_keys:write",
            "broadcasts:cancel",
            "broadcasts:create",
            "broadcasts:prepare",
            "broadcasts:read",
            "emails:read",
            "emails:write",
            "events:read",
            "events:write",
            "journeys:read",
            "journeys:trigger",
            "journeys:write",
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
    void databaseAtVersion11() throws SQLException {
        database = new ScopeMigrationDatabase("11");
    }

    @Test
    void full_access_keys_get_the_audience_scopes_and_narrower_keys_do_not() throws SQLException {
        // given
        database.addKey("key_bootstrap", String.join(" ", VERSION_11_SCOPES));
        database.addKey(
                "key_first",
                String.join(
                        " ",
                        VERSION_11_SCOPES.stream()
                                .filter(s -> !s.equals("workspaces:create"))
                                .toList()));
        database.addKey("key_sender", "emails:read emails:write");
        database.addKey("key_admin", "api_keys:write templates:read templates:write");

        // when
        database.migrateToLatest();

        // then
        assertThat(database.scopesOf("key_bootstrap"))
                .contains("segments:write", "subscription_groups:read", "subscription_groups:write")
                .containsAll(VERSION_11_SCOPES);
        assertThat(database.scopesOf("key_first"))
                .contains("segments:write", "subscription_groups:read", "subscription_groups:write")
                .doesNotContain("workspaces:create");
        assertThat(database.scopesOf("key_sender")).containsExactly("emails:read", "emails:write");
        assertThat(database.scopesOf("key_admin"))
                .containsExactly("api_keys:write", "templates:read", "templates:write");
    }
}
