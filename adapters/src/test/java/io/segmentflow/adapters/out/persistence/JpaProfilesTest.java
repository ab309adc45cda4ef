package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Profiles: one per email address per workspace, created on first use. */
@ExtendWith(TestDatabaseExtension.class)
class JpaProfilesTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final EmailAddress ADA = EmailAddress.of("ada@example.test");

    private final TestDatabase db;
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;

    JpaProfilesTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void twoWorkspaces() {
        TestDatabase.TwoWorkspaces two = db.addTwoWorkspaces(NOW);
        workspace = two.first();
        otherWorkspace = two.second();
    }

    @Test
    void properties_are_read_for_many_profiles_at_once_and_only_the_workspace_s_own() {
        Profile ada = upsert(workspace, ADA, null, NOW);
        Profile other = upsert(otherWorkspace, ADA, null, NOW);

        Map<String, String> properties = db.inTransaction(
                tx -> tx.profiles().propertiesOf(workspace, List.of(ada.id(), other.id(), "pr_unknown")));

        assertThat(properties).containsOnlyKeys(ada.id());
        assertThat(properties.get(ada.id())).isEqualTo("{}");
    }

    @Test
    void the_first_upsert_of_an_address_creates_its_profile() {
        // when
        Profile created = upsert(workspace, ADA, null, NOW);

        // then
        assertThat(created.id()).startsWith("pr_");
        assertThat(created.email()).isEqualTo(ADA);
        assertThat(created.externalId()).isNull();
        assertThat(created.properties()).isEqualTo("{}");
        assertThat(created.createdAt()).isEqualTo(NOW);
        assertThat(stored(workspace, created.id())).contains(created);
    }

    @Test
    void upserting_an_address_again_gives_the_same_profile_and_creates_no_other() {
        // given
        Profile first = upsert(workspace, ADA, null, NOW);

        // when
        Profile again = upsert(workspace, ADA, null, NOW.plus(Duration.ofMinutes(5)));

        // then
        assertThat(again).isEqualTo(first);
        assertThat(profileCount()).isEqualTo(1);
    }

    @Test
    void the_external_id_given_with_the_first_upsert_is_recorded() {
        // when
        Profile created = upsert(workspace, ADA, "crm-1", NOW);

        // then
        assertThat(created.externalId()).isEqualTo("crm-1");
        assertThat(stored(workspace, created.id())).map(Profile::externalId).contains("crm-1");
    }

    @Test
    void an_external_id_first_given_on_a_later_upsert_is_recorded_and_returned() {
        // given
        Profile created = upsert(workspace, ADA, null, NOW);

        // when
        Profile updated = upsert(workspace, ADA, "crm-7", NOW.plusSeconds(60));

        // then
        assertThat(updated.id()).isEqualTo(created.id());
        assertThat(updated.externalId()).isEqualTo("crm-7");
        assertThat(stored(workspace, created.id())).map(Profile::externalId).contains("crm-7");
    }

    @Test
    void a_recorded_external_id_is_not_replaced_by_another() {
        // given
        Profile created = upsert(workspace, ADA, "crm-1", NOW);

        // when
        Profile again = upsert(workspace, ADA, "crm-2", NOW.plusSeconds(60));

        // then
        assertThat(again.externalId()).isEqualTo("crm-1");
        assertThat(stored(workspace, created.id())).map(Profile::externalId).contains("crm-1");
    }

    @Test
    void the_same_address_in_another_workspace_is_another_profile() {
        // given
        Profile inFirst = upsert(workspace, ADA, null, NOW);

        // when
        Profile inOther = upsert(otherWorkspace, ADA, null, NOW);

        // then
        assertThat(inOther.id()).isNotEqualTo(inFirst.id());
        assertThat(inOther.workspaceId()).isEqualTo(otherWorkspace);
        assertThat(profileCount()).isEqualTo(2);
    }

    @Test
    void a_profile_is_not_found_through_another_workspace() {
        // given
        Profile created = upsert(workspace, ADA, null, NOW);

        // when
        Optional<Profile> throughOther = stored(otherWorkspace, created.id());

        // then
        assertThat(throughOther).isEmpty();
    }

    // --- the language of these tests ----------------------------------------------------------------------

    private Profile upsert(WorkspaceId in, EmailAddress email, String externalId, Instant at) {
        return db.inTransaction(tx -> tx.profiles().upsert(in, email, externalId, at));
    }

    private Optional<Profile> stored(WorkspaceId in, String id) {
        return db.inTransaction(tx -> tx.profiles().find(in, id));
    }

    private long profileCount() {
        return db.inTransaction(tx -> tx.entityManager()
                .createQuery("SELECT COUNT(p) FROM ProfileEntity p", Long.class)
                .getSingleResult());
    }
}
