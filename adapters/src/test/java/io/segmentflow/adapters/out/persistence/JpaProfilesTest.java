package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.adapters.out.render.JsonStateDocuments;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Profiles: each email and each externalId names at most one per workspace; sends find or create the Profile of
 * their address; properties are JSON.
 */
@ExtendWith(TestDatabaseExtension.class)
class JpaProfilesTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final EmailAddress ADA = EmailAddress.of("ada@example.test");
    private static final EmailAddress GRACE = EmailAddress.of("grace@example.test");

    private final JsonStateDocuments documents = new JsonStateDocuments();

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

    @Test
    void a_send_to_a_new_address_with_an_external_id_held_by_a_profile_without_email_gives_it_the_address() {
        // given
        Profile known = add(Profile.create("pr_known", workspace, ProfileIdentity.ofExternalId("crm-1"), NOW));

        // when
        Profile linked = upsert(workspace, ADA, "crm-1", NOW.plusSeconds(1));

        // then
        assertThat(linked.id()).isEqualTo(known.id());
        assertThat(linked.email()).isEqualTo(ADA);
        assertThat(stored(workspace, known.id())).map(Profile::email).contains(ADA);
        assertThat(profileCount()).isEqualTo(1);
    }

    @Test
    void a_send_whose_external_id_another_address_holds_gets_a_profile_of_its_own_address() {
        // given
        upsert(workspace, GRACE, "crm-1", NOW);

        // when
        Profile adas = upsert(workspace, ADA, "crm-1", NOW);

        // then
        assertThat(adas.email()).isEqualTo(ADA);
        assertThat(adas.externalId()).isNull();
        assertThat(profileCount()).isEqualTo(2);
    }

    @Test
    void two_new_addresses_of_one_batch_with_the_same_external_id_each_get_a_profile_and_one_gets_the_id() {
        // when
        Map<EmailAddress, Profile> profiles = db.inTransaction(tx -> tx.profiles()
                .upsertAll(
                        workspace,
                        List.of(new Profiles.Recipient(GRACE, "crm-1"), new Profiles.Recipient(ADA, "crm-1")),
                        NOW));

        // then
        assertThat(profiles).containsOnlyKeys(GRACE, ADA);
        assertThat(profiles.values()).extracting(Profile::externalId).containsExactlyInAnyOrder("crm-1", null);
        assertThat(byExternalId(workspace, "crm-1")).map(Profile::email).contains(ADA); // inserted in address order
    }

    @Test
    void a_profile_known_only_by_external_id_is_stored_and_found_by_it() {
        // when
        Profile added = add(Profile.create("pr_1", workspace, ProfileIdentity.ofExternalId("crm-1"), NOW));

        // then
        assertThat(byExternalId(workspace, "crm-1")).contains(added);
        assertThat(this.<Optional<Profile>>read(tx -> Optional.ofNullable(tx.profiles()
                        .lockAllByExternalId(workspace, List.of("crm-1"))
                        .get("crm-1"))))
                .contains(added);
        assertThat(byExternalId(otherWorkspace, "crm-1")).isEmpty();
    }

    @Test
    void adding_a_profile_with_an_identifier_another_holds_adds_nothing() {
        // given
        add(Profile.create("pr_1", workspace, new ProfileIdentity(ADA, "crm-1"), NOW));

        // when
        boolean sameEmail = db.inTransaction(tx -> tx.profiles()
                .addAll(List.of(Profile.create("pr_2", workspace, ProfileIdentity.ofEmail(ADA), NOW)))
                .isEmpty());
        boolean sameExternalId = db.inTransaction(tx -> tx.profiles()
                .addAll(List.of(Profile.create("pr_3", workspace, new ProfileIdentity(GRACE, "crm-1"), NOW)))
                .isEmpty());
        boolean otherWorkspaceSame = db.inTransaction(tx -> tx.profiles()
                .addAll(List.of(Profile.create("pr_4", otherWorkspace, new ProfileIdentity(ADA, "crm-1"), NOW)))
                .isEmpty());

        // then
        assertThat(sameEmail).isFalse();
        assertThat(sameExternalId).isFalse();
        assertThat(otherWorkspaceSame).isTrue();
        assertThat(profileCount()).isEqualTo(2);
    }

    @Test
    void properties_are_stored_as_json_and_read_back_as_the_same_object() {
        // given
        String properties = "{\"plan\":\"pro\",\"note\":\"${T(java.lang.Runtime)} [[${x}]] <b>\\u00e9\",\"seats\":3,"
                + "\"tags\":[\"a\",{\"b\":null}],\"ok\":true}";
        Profile added = add(Profile.create("pr_1", workspace, ProfileIdentity.ofEmail(ADA), NOW));

        // when
        db.commit(tx -> tx.profiles().update(added.withProperties(properties, NOW.plusSeconds(1))));

        // then
        Profile read = stored(workspace, added.id()).orElseThrow();
        assertThat(documents.read(read.properties())).isEqualTo(documents.read(properties));
        assertThat(read.updatedAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(this.<Map<String, String>>read(tx -> tx.profiles().propertiesOf(workspace, List.of(added.id()))))
                .hasEntrySatisfying(
                        added.id(), text -> assertThat(documents.read(text)).isEqualTo(documents.read(properties)));
        if (db.isPostgreSql()) {
            assertThat(columnType("properties")).isEqualTo("jsonb");
        }
    }

    @Test
    void identifiers_are_changed_and_the_old_email_frees_up() {
        // given
        Profile added = add(Profile.create("pr_1", workspace, ProfileIdentity.ofEmail(ADA), NOW));

        // when
        db.commit(tx -> tx.profiles().update(added.reidentified(GRACE, "crm-9", NOW)));

        // then
        assertThat(byEmail(workspace, GRACE)).map(Profile::externalId).contains("crm-9");
        assertThat(byEmail(workspace, ADA)).isEmpty();
    }

    @Test
    void profiles_are_listed_a_page_at_a_time_in_id_order_and_only_the_workspace_s_own() {
        // given
        for (int i = 0; i < 5; i++) {
            add(Profile.create("pr_" + i, workspace, ProfileIdentity.ofExternalId("crm-" + i), NOW));
        }
        add(Profile.create("pr_other", otherWorkspace, ProfileIdentity.ofExternalId("crm-x"), NOW));

        // when
        List<Profile> first = db.inTransaction(tx -> tx.profiles().list(workspace, null, 2));
        List<Profile> next = db.inTransaction(tx -> tx.profiles().list(workspace, "pr_1", 10));

        // then
        assertThat(first).extracting(Profile::id).containsExactly("pr_0", "pr_1");
        assertThat(next).extracting(Profile::id).containsExactly("pr_2", "pr_3", "pr_4");
    }

    @Test
    void a_removed_profile_is_gone_and_another_workspace_cannot_remove_it() {
        // given
        Profile added = add(Profile.create("pr_1", workspace, ProfileIdentity.ofEmail(ADA), NOW));

        // when
        boolean throughOther = db.inTransaction(tx -> tx.profiles().remove(otherWorkspace, added.id()));
        boolean removed = db.inTransaction(tx -> tx.profiles().remove(workspace, added.id()));

        // then
        assertThat(throughOther).isFalse();
        assertThat(removed).isTrue();
        assertThat(stored(workspace, added.id())).isEmpty();
    }

    // --- the language of these tests ----------------------------------------------------------------------

    private Profile upsert(WorkspaceId in, EmailAddress email, String externalId, Instant at) {
        return db.inTransaction(tx -> tx.profiles().upsert(in, email, externalId, at));
    }

    private Profile add(Profile profile) {
        boolean added =
                db.inTransaction(tx -> tx.profiles().addAll(List.of(profile)).isEmpty());
        assertThat(added).isTrue();
        return profile;
    }

    private <T> T read(Function<TestDatabase.Transaction, T> query) {
        return db.inTransaction(query);
    }

    private Optional<Profile> byEmail(WorkspaceId in, EmailAddress email) {
        return db.inTransaction(tx -> tx.profiles().findByEmail(in, email));
    }

    private Optional<Profile> byExternalId(WorkspaceId in, String externalId) {
        return db.inTransaction(tx -> tx.profiles().findByExternalId(in, externalId));
    }

    private String columnType(String column) {
        return db.inTransaction(tx -> (String) tx.entityManager()
                .createNativeQuery("SELECT data_type FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name = 'profiles' AND column_name = ?1")
                .setParameter(1, column)
                .getSingleResult());
    }

    private Optional<Profile> stored(WorkspaceId in, String id) {
        return db.inTransaction(tx -> tx.profiles().find(in, id));
    }

    private long profileCount() {
        return db.inTransaction(tx -> ((Number) tx.entityManager()
                        .createNativeQuery("SELECT COUNT(*) FROM profiles")
                        .getSingleResult())
                .longValue());
    }
}
