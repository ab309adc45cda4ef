package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmentflow.adapters.shared.KeyRevokedChannel;
import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** API keys, stored by the hash of their secret. */
@ExtendWith(TestDatabaseExtension.class)
class JpaApiKeysTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final Set<Scope> SEND_AND_READ =
            EnumSet.of(Scope.EMAILS_WRITE, Scope.EMAILS_READ, Scope.TEMPLATES_READ);

    private final TestDatabase db;
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;

    JpaApiKeysTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void twoWorkspaces() {
        TestDatabase.TwoWorkspaces two = db.addTwoWorkspaces(NOW);
        workspace = two.first();
        otherWorkspace = two.second();
    }

    @Test
    void a_key_is_found_by_the_hash_of_its_secret_with_all_its_scopes() {
        // given
        ApiKey.Issued issued = ApiKey.issue(workspace, "Backend", SEND_AND_READ, NOW);
        added(issued.key());

        // when
        Optional<ApiKey> found = byHash(ApiKey.hashOf(issued.secret()));
        Optional<ApiKey> unknown = byHash(ApiKey.hashOf(issued.secret() + "x"));

        // then
        assertThat(found).contains(issued.key());
        assertThat(found.orElseThrow().scopes()).isEqualTo(SEND_AND_READ);
        assertThat(unknown).isEmpty();
    }

    @Test
    void a_key_revoked_through_update_is_stored_revoked() {
        // given
        ApiKey.Issued issued = ApiKey.issue(workspace, "Backend", SEND_AND_READ, NOW);
        added(issued.key());
        ApiKey revoked = issued.key().revoke(NOW.plus(Duration.ofHours(1)));

        // when
        db.commit(tx -> tx.apiKeys().update(revoked));

        // then
        ApiKey found = byHash(issued.key().hash()).orElseThrow();
        assertThat(found).isEqualTo(revoked);
        assertThat(found.isActive()).isFalse();
        assertThat(found.revokedAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void on_postgresql_a_revocation_is_told_to_every_node_as_it_commits_and_not_before() throws Exception {
        assumeTrue(db.isPostgreSql(), "nodes share a PostgreSQL database; the embedded one is a node's own");
        ApiKey.Issued issued = ApiKey.issue(workspace, "Backend", SEND_AND_READ, NOW);
        added(issued.key());
        ApiKey revoked = issued.key().revoke(NOW.plus(Duration.ofHours(1)));

        try (Connection otherNode = db.dataSource().getConnection();
                Statement listen = otherNode.createStatement()) {
            listen.execute("LISTEN " + KeyRevokedChannel.NAME);
            PGConnection heard = otherNode.unwrap(PGConnection.class);
            try (TestDatabase.Transaction tx = db.begin()) {
                tx.apiKeys().update(revoked);
                assertThat(heard.getNotifications(300))
                        .as("nothing before the commit")
                        .isNullOrEmpty();
                tx.commit();
            }

            assertThat(heard.getNotifications(5_000))
                    .extracting(PGNotification::getName)
                    .containsExactly(KeyRevokedChannel.NAME);
        }
    }

    @Test
    void list_gives_the_keys_of_one_workspace_in_id_order() {
        // given
        ApiKey first =
                added(ApiKey.issue(workspace, "First", SEND_AND_READ, NOW).key());
        ApiKey second = added(ApiKey.issue(workspace, "Second", Set.of(Scope.API_KEYS_WRITE), NOW.plusSeconds(1))
                .key());
        added(ApiKey.issue(otherWorkspace, "Elsewhere", SEND_AND_READ, NOW.plusSeconds(2))
                .key());

        // when
        List<ApiKey> listed = db.inTransaction(tx -> tx.apiKeys().list(workspace));

        // then
        assertThat(listed).containsExactly(first, second);
    }

    @Test
    void a_key_is_found_by_id_only_in_its_own_workspace() {
        // given
        ApiKey key =
                added(ApiKey.issue(workspace, "Backend", SEND_AND_READ, NOW).key());

        // when
        Optional<ApiKey> inOwn = db.inTransaction(tx -> tx.apiKeys().find(workspace, key.id()));
        Optional<ApiKey> inOther = db.inTransaction(tx -> tx.apiKeys().find(otherWorkspace, key.id()));

        // then
        assertThat(inOwn).contains(key);
        assertThat(inOther).isEmpty();
    }

    @Test
    void the_bootstrap_key_is_stored_marked_and_read_back_marked_by_hash_and_in_the_list() {
        // given
        ApiKey.Issued bootstrap = ApiKey.generateBootstrap(workspace, NOW);
        ApiKey ordinary = added(ApiKey.issue(workspace, "Backend", SEND_AND_READ, NOW.plusSeconds(1))
                .key());
        added(bootstrap.key());

        // when
        ApiKey byHash = byHash(bootstrap.key().hash()).orElseThrow();
        List<ApiKey> listed = db.inTransaction(tx -> tx.apiKeys().list(workspace));

        // then
        assertThat(byHash.bootstrap()).isTrue();
        assertThat(byHash).isEqualTo(bootstrap.key());
        assertThat(listed).filteredOn(ApiKey::bootstrap).containsExactly(bootstrap.key());
        assertThat(byHash(ordinary.hash()).orElseThrow().bootstrap()).isFalse();
    }

    @Test
    void a_revoked_bootstrap_key_stays_marked() {
        // given
        ApiKey.Issued bootstrap = ApiKey.generateBootstrap(workspace, NOW);
        added(bootstrap.key());

        // when
        db.commit(tx -> tx.apiKeys().update(bootstrap.key().revoke(NOW.plusSeconds(60))));

        // then
        ApiKey found = byHash(bootstrap.key().hash()).orElseThrow();
        assertThat(found.bootstrap()).isTrue();
        assertThat(found.isActive()).isFalse();
    }

    // --- the language of these tests ----------------------------------------------------------------------

    private ApiKey added(ApiKey key) {
        db.commit(tx -> tx.apiKeys().add(key));
        return key;
    }

    private Optional<ApiKey> byHash(String hash) {
        return db.inTransaction(tx -> tx.apiKeys().findByHash(hash));
    }
}
