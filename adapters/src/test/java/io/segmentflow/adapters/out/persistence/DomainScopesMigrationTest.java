package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migration V16 gives the domain scopes (domains:read and :write) to the keys that held every scope before it, and to
 * no other, so an upgraded server's bootstrap key can manage sender domains.
 */
class DomainScopesMigrationTest {
    /** Every scope of version 15, as the api_keys table stores them. */
    private static final List<String> VERSION_15_SCOPES = List.of(
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
            "segments:write",
            "subscription_groups:read",
            "subscription_groups:write",
            "suppressions:read",
            "suppressions:write",
            "templates:read",
            "templates:write",
            "workspaces:create");

    private ScopeMigrationDatabase database;

    @BeforeEach
    void databaseAtVersion15() throws SQLException {
        database = new ScopeMigrationDatabase("15");
    }

    @Test
    void full_access_keys_get_the_domain_scopes_and_narrower_keys_do_not() throws SQLException {
        // given
        database.addKey("key_bootstrap", String.join(" ", VERSION_15_SCOPES));
        database.addKey(
                "key_first",
                String.join(
                        " ",
                        VERSION_15_SCOPES.stream()
                                .filter(s -> !s.equals("workspaces:create"))
                                .toList()));
        database.addKey("key_sender", "emails:read emails:write");

        // when
        database.migrateToLatest();

        // then
        assertThat(database.scopesOf("key_bootstrap"))
                .contains("domains:read", "domains:write")
                .containsAll(VERSION_15_SCOPES);
        assertThat(database.scopesOf("key_first"))
                .contains("domains:read", "domains:write")
                .doesNotContain("workspaces:create");
        assertThat(database.scopesOf("key_sender")).containsExactly("emails:read", "emails:write");
    }
}
