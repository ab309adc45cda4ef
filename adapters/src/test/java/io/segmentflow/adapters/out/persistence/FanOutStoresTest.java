package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.adapters.out.persistence.TestDatabase.TwoWorkspaces;
import io.segmentflow.domain.audience.AudienceMember;
import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.FanOut;
import io.segmentflow.domain.audience.FanOutPlan;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the fan-out stores: sends written once per carrier and Profile, and the partition boundaries it keeps. */
@ExtendWith(TestDatabaseExtension.class)
class FanOutStoresTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final Mailbox FROM = new Mailbox(EmailAddress.of("news@acme.test"), "Acme");

    private final TestDatabase db;
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;

    FanOutStoresTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void twoWorkspaces() {
        TwoWorkspaces two = db.addTwoWorkspaces(NOW);
        workspace = two.first();
        otherWorkspace = two.second();
    }

    @Test
    void a_send_of_a_carrier_to_a_profile_that_has_one_already_is_left_out_and_others_go_in() {
        // given: Ada already has her send of the broadcast, written by an earlier execution of the job
        CarrierRef broadcast = new CarrierRef(workspace, CarrierType.BROADCAST, "bc_1");
        CarrierRef otherBroadcast = new CarrierRef(workspace, CarrierType.BROADCAST, "bc_2");
        db.commit(tx -> tx.emailSends().addAbsent(List.of(sendTo(broadcast, "pr_ada", "ada@example.test"))));

        // when: the chunk is written again, with Bob new, and Ada's send of another broadcast
        List<EmailSend> chunk = List.of(
                sendTo(broadcast, "pr_ada", "ada@example.test"),
                sendTo(broadcast, "pr_bob", "bob@example.test"),
                sendTo(otherBroadcast, "pr_ada", "ada@example.test"));
        Set<String> added = db.inTransaction(tx -> tx.emailSends().addAbsent(chunk));

        // then
        assertThat(added)
                .containsExactlyInAnyOrder(chunk.get(1).id(), chunk.get(2).id());
        long countbroadcast = db.inTransaction(tx -> tx.emailSends().countOf(broadcast));
        assertThat(countbroadcast).isEqualTo(2);
        long countotherBroadcast = db.inTransaction(tx -> tx.emailSends().countOf(otherBroadcast));
        assertThat(countotherBroadcast).isEqualTo(1);
        EmailSend bob = db.inTransaction(
                        tx -> tx.emailSends().find(workspace, chunk.get(1).id()))
                .orElseThrow();
        assertThat(bob.details().audience().carrier()).isEqualTo(broadcast);
        assertThat(bob.details().audience().subscriptionGroupId()).isEqualTo("sg_news");
        assertThat(bob.details().priority()).isEqualTo(SendPriority.AUDIENCE);
        assertThat(bob.status()).isEqualTo(EmailSendStatus.QUEUED);
    }

    @Test
    void a_skipped_send_is_stored_skipped_with_its_reason() {
        CarrierRef broadcast = new CarrierRef(workspace, CarrierType.BROADCAST, "bc_1");
        EmailSend skipped = fanOut(broadcast)
                .sendTo(
                        new AudienceMember(
                                "pr_carl", EmailAddress.of("carl@example.test"), ConsentStatus.UNSUBSCRIBED, false),
                        "em_carl",
                        NOW);

        db.commit(tx -> tx.emailSends().addAbsent(List.of(skipped)));

        EmailSend stored = db.inTransaction(tx -> tx.emailSends().find(workspace, "em_carl"))
                .orElseThrow();
        assertThat(stored.status()).isEqualTo(EmailSendStatus.SKIPPED);
        assertThat(stored.progress().failureMessage()).startsWith("unsubscribed: ");
        assertThat(stored.progress().nextAttemptAt()).isNull();
    }

    @Test
    void a_member_without_an_address_is_stored_skipped_with_no_recipient_and_counted_by_its_reason() {
        CarrierRef broadcast = new CarrierRef(workspace, CarrierType.BROADCAST, "bc_1");
        EmailSend noAddress = fanOut(broadcast)
                .sendTo(new AudienceMember("pr_dan", null, ConsentStatus.SUBSCRIBED, false), "em_dan", NOW);
        EmailSend ada = sendTo(broadcast, "pr_ada", "ada@example.test");

        Set<String> added = db.inTransaction(tx -> tx.emailSends().addAbsent(List.of(noAddress, ada)));

        assertThat(added).containsExactlyInAnyOrder("em_dan", ada.id());
        EmailSend stored = db.inTransaction(tx -> tx.emailSends().find(workspace, "em_dan"))
                .orElseThrow();
        assertThat(stored.status()).isEqualTo(EmailSendStatus.SKIPPED);
        assertThat(stored.details().to()).isNull();
        assertThat(stored.details().profileId()).isEqualTo("pr_dan");
        SendResults results = db.inTransaction(tx -> tx.carrierSends().results(broadcast));
        assertThat(results.queued()).isEqualTo(1);
        assertThat(results.skipped()).isEqualTo(1);
        assertThat(results.skippedByReason()).containsExactlyEntriesOf(Map.of("no_address", 1L));
    }

    @Test
    void the_database_refuses_a_send_without_a_recipient_unless_it_is_skipped() {
        String insert = "INSERT INTO email_sends (id, workspace_id, template_id, template_snapshot_id, to_email,"
                + " from_email, data, track_clicks, track_opens, priority, message_id, status, attempts, created_at,"
                + " updated_at) VALUES (?, ?, 'tpl_1', 'tsn_1', NULL, 'news@acme.test', '{}', FALSE, FALSE, 2,"
                + " '<m@acme.test>', ?, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";

        assertThatThrownBy(() -> db.commit(tx -> tx.entityManager()
                        .createNativeQuery(insert)
                        .setParameter(1, "em_queued")
                        .setParameter(2, workspace.value())
                        .setParameter(3, "queued")
                        .executeUpdate()))
                .isInstanceOf(RuntimeException.class);
        db.commit(tx -> tx.entityManager()
                .createNativeQuery(insert)
                .setParameter(1, "em_skipped")
                .setParameter(2, workspace.value())
                .setParameter(3, "skipped")
                .executeUpdate());
        Optional<EmailSend> queued = db.inTransaction(tx -> tx.emailSends().find(workspace, "em_queued"));
        assertThat(queued).isEmpty();
    }

    @Test
    void split_points_cut_the_workspaces_profiles_into_runs_of_about_the_same_size() {
        // given: 10 Profiles here, and some of another workspace that must not count
        List<String> ids = profiles(workspace, 10);
        profiles(otherWorkspace, 7);

        // when
        List<String> points = db.inTransaction(tx -> tx.fanOutPartitions().splitPoints(workspace, 3));

        // then: runs of 4, 3 and 3 (NTILE gives the first runs the extra)
        assertThat(points).containsExactly(ids.get(4), ids.get(7));
        List<String> more = db.inTransaction(tx -> tx.fanOutPartitions().splitPoints(workspace, 20));
        assertThat(more).hasSize(9);
    }

    @Test
    void boundaries_once_kept_stay_the_same_for_the_carrier() {
        CarrierRef broadcast = new CarrierRef(workspace, CarrierType.BROADCAST, "bc_1");
        List<String> none = db.inTransaction(tx -> tx.fanOutPartitions().boundaries(broadcast));
        assertThat(none).isEmpty();

        List<String> first = db.inTransaction(tx -> tx.fanOutPartitions().keep(broadcast, List.of("pr_b", "pr_m")));
        List<String> second = db.inTransaction(tx -> tx.fanOutPartitions().keep(broadcast, List.of("pr_c", "pr_x")));

        assertThat(first).containsExactly("pr_b", "pr_m");
        assertThat(second).containsExactly("pr_b", "pr_m");
        List<String> kept = db.inTransaction(tx -> tx.fanOutPartitions().boundaries(broadcast));
        assertThat(kept).containsExactly("pr_b", "pr_m");
    }

    private List<String> profiles(WorkspaceId in, int count) {
        List<String> ids = new ArrayList<>();
        db.commit(tx -> {
            for (int i = 0; i < count; i++) {
                Profile profile = Profile.create(
                        Identifier.next("pr", NOW),
                        in,
                        ProfileIdentity.ofEmail(EmailAddress.of("p" + i + "@example.test")),
                        NOW);
                tx.profiles().addAll(List.of(profile));
                ids.add(profile.id());
            }
        });
        return ids;
    }

    private static FanOut fanOut(CarrierRef carrier) {
        return new FanOut(
                new FanOutPlan(carrier, new AudienceSpec(null, "sg_news"), "tpl_1", "tsn_1", FROM, "News"),
                new SubscriptionGroup("sg_news", carrier.workspaceId(), "News", null, true, NOW, NOW));
    }

    private static EmailSend sendTo(CarrierRef carrier, String profileId, String email) {
        return fanOut(carrier)
                .sendTo(
                        new AudienceMember(profileId, EmailAddress.of(email), ConsentStatus.SUBSCRIBED, false),
                        Identifier.next("em", NOW),
                        NOW);
    }
}
