package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.adapters.out.render.JsonStateDocuments;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentSource;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The set-wise writes a bulk import makes: Profiles looked up with locks, inserted and updated in batches, and their
 * consent set in batches.
 */
@ExtendWith(TestDatabaseExtension.class)
class JpaProfilesSetWiseTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    private final JsonStateDocuments documents = new JsonStateDocuments();
    private final TestDatabase db;
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;

    JpaProfilesSetWiseTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void twoWorkspaces() {
        TestDatabase.TwoWorkspaces two = db.addTwoWorkspaces(NOW);
        workspace = two.first();
        otherWorkspace = two.second();
    }

    private static Profile profile(String id, WorkspaceId workspace, String email, String externalId, String json) {
        return Profile.create(
                        id,
                        workspace,
                        new ProfileIdentity(email == null ? null : EmailAddress.of(email), externalId),
                        NOW)
                .withProperties(json, NOW);
    }

    @Test
    void many_profiles_are_added_in_one_batch_with_their_properties_as_json() {
        List<Profile> batch = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            batch.add(profile(
                    "pr_" + i,
                    workspace,
                    "p" + i + "@x.test",
                    i % 2 == 0 ? "crm-" + i : null,
                    "{\"n\":" + i + ",\"note\":\"${T(java.lang.Runtime)} \\r\\n\"}"));
        }

        Set<String> notAdded = db.inTransaction(tx -> tx.profiles().addAll(batch));

        assertThat(notAdded).isEmpty();
        Map<EmailAddress, Profile> found = db.inTransaction(tx -> tx.profiles()
                .lockAllByEmail(workspace, batch.stream().map(Profile::email).toList()));
        assertThat(found).hasSize(1200);
        Profile p7 = found.get(EmailAddress.of("p7@x.test"));
        assertThat(p7.id()).isEqualTo("pr_7");
        assertThat(p7.externalId()).isNull();
        assertThat(documents.read(p7.properties())).containsEntry("note", "${T(java.lang.Runtime)} \r\n");
    }

    @Test
    void a_profile_whose_identifier_another_holds_is_not_added_and_is_named() {
        db.commit(tx -> tx.profiles().addAll(List.of(profile("pr_a", workspace, "a@x.test", "crm-a", "{}"))));

        Set<String> notAdded = db.inTransaction(tx -> tx.profiles()
                .addAll(List.of(
                        profile("pr_b", workspace, "a@x.test", null, "{}"),
                        profile("pr_c", workspace, null, "crm-a", "{}"),
                        profile("pr_d", workspace, "d@x.test", null, "{}"),
                        profile("pr_e", otherWorkspace, "a@x.test", "crm-a", "{}"))));

        assertThat(notAdded).containsExactlyInAnyOrder("pr_b", "pr_c");
    }

    @Test
    void look_ups_find_only_the_workspace_s_profiles_by_email_and_by_external_id() {
        db.commit(tx -> tx.profiles()
                .addAll(List.of(
                        profile("pr_a", workspace, "a@x.test", "crm-a", "{}"),
                        profile("pr_b", otherWorkspace, "b@x.test", "crm-b", "{}"))));

        Map<EmailAddress, Profile> byEmail = db.inTransaction(tx -> tx.profiles()
                .lockAllByEmail(workspace, List.of(EmailAddress.of("a@x.test"), EmailAddress.of("b@x.test"))));
        Map<String, Profile> byExternalId =
                db.inTransaction(tx -> tx.profiles().lockAllByExternalId(workspace, List.of("crm-a", "crm-b")));

        assertThat(byEmail).containsOnlyKeys(EmailAddress.of("a@x.test"));
        assertThat(byExternalId).containsOnlyKeys("crm-a");
    }

    @Test
    void many_profiles_are_updated_in_one_batch() {
        db.commit(tx -> tx.profiles()
                .addAll(List.of(
                        profile("pr_a", workspace, "a@x.test", null, "{}"),
                        profile("pr_b", workspace, null, "crm-b", "{\"plan\":\"free\"}"))));
        Instant later = NOW.plusSeconds(60);

        db.commit(tx -> tx.profiles()
                .updateAll(List.of(
                        profile("pr_a", workspace, "a@x.test", "crm-a", "{\"plan\":\"pro\"}")
                                .withProperties("{\"plan\":\"pro\"}", later),
                        profile("pr_b", workspace, "b@x.test", "crm-b", "{}").withProperties("{}", later))));

        Profile a =
                db.inTransaction(tx -> tx.profiles().find(workspace, "pr_a")).orElseThrow();
        Profile b =
                db.inTransaction(tx -> tx.profiles().find(workspace, "pr_b")).orElseThrow();
        assertThat(a.externalId()).isEqualTo("crm-a");
        assertThat(documents.read(a.properties())).isEqualTo(Map.of("plan", "pro"));
        assertThat(a.updatedAt()).isEqualTo(later);
        assertThat(b.email()).isEqualTo(EmailAddress.of("b@x.test"));
        assertThat(b.properties()).isEqualTo("{}");
    }

    @Test
    void consents_are_set_set_wise_replacing_what_was_on_record() {
        SubscriptionGroup news = SubscriptionGroup.create(workspace, "News", null, true, NOW);
        db.commit(tx -> {
            tx.subscriptionGroups().add(news);
            tx.profiles()
                    .addAll(List.of(
                            profile("pr_a", workspace, "a@x.test", null, "{}"),
                            profile("pr_b", workspace, "b@x.test", null, "{}")));
        });
        db.commit(tx -> tx.consents()
                .set(new Consent(workspace, "pr_a", news.id(), ConsentStatus.SUBSCRIBED, ConsentSource.API, NOW)));
        Instant later = NOW.plusSeconds(60);

        db.commit(tx -> tx.consents()
                .setAll(List.of(
                        new Consent(
                                workspace, "pr_b", news.id(), ConsentStatus.SUBSCRIBED, ConsentSource.IMPORT, later),
                        new Consent(
                                workspace,
                                "pr_a",
                                news.id(),
                                ConsentStatus.UNSUBSCRIBED,
                                ConsentSource.IMPORT,
                                later))));

        List<Consent> a = db.inTransaction(tx -> tx.consents().of(workspace, "pr_a"));
        Map<String, ConsentStatus> both =
                db.inTransaction(tx -> tx.consents().statusesOf(workspace, news.id(), List.of("pr_a", "pr_b")));
        assertThat(a)
                .containsExactly(new Consent(
                        workspace, "pr_a", news.id(), ConsentStatus.UNSUBSCRIBED, ConsentSource.IMPORT, later));
        assertThat(both).isEqualTo(Map.of("pr_a", ConsentStatus.UNSUBSCRIBED, "pr_b", ConsentStatus.SUBSCRIBED));
    }

    @Test
    void a_consent_named_under_another_workspace_changes_nothing_on_record() {
        SubscriptionGroup news = SubscriptionGroup.create(workspace, "News", null, true, NOW);
        db.commit(tx -> {
            tx.subscriptionGroups().add(news);
            tx.profiles().addAll(List.of(profile("pr_a", workspace, "a@x.test", null, "{}")));
        });
        Consent onRecord = new Consent(workspace, "pr_a", news.id(), ConsentStatus.SUBSCRIBED, ConsentSource.API, NOW);
        db.commit(tx -> tx.consents().set(onRecord));
        Instant later = NOW.plusSeconds(60);

        db.commit(tx -> tx.consents()
                .setAll(List.of(new Consent(
                        otherWorkspace, "pr_a", news.id(), ConsentStatus.UNSUBSCRIBED, ConsentSource.IMPORT, later))));
        db.commit(tx -> tx.consents()
                .set(new Consent(
                        otherWorkspace, "pr_a", news.id(), ConsentStatus.UNSUBSCRIBED, ConsentSource.API, later)));

        List<Consent> kept = db.inTransaction(tx -> tx.consents().of(workspace, "pr_a"));
        assertThat(kept).containsExactly(onRecord);
    }
}
