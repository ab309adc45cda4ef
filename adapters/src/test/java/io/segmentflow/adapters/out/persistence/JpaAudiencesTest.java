package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.domain.audience.AudienceCounts;
import io.segmentflow.domain.audience.AudienceMember;
import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentSource;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.Segment;
import io.segmentflow.domain.audience.SegmentPreview;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An audience is a segment's Profiles judged by their consent to one group: preflight counts each reason a member is
 * left out (in one pass), and the fan-out reads members in keyset pages and id ranges. Runs on PostgreSQL (the
 * condition in SQL) and on the embedded database (the condition in Java) alike.
 */
@ExtendWith(TestDatabaseExtension.class)
class JpaAudiencesTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final String PRO = "{\"plan\":\"pro\"}";

    private final TestDatabase db;
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;
    private SubscriptionGroup optIn;
    private SubscriptionGroup optOut;
    private Segment pros;
    private String ada;
    private String bob;
    private String cy;
    private String dee;
    private String eve;
    private String fay;

    JpaAudiencesTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void audience() {
        TestDatabase.TwoWorkspaces two = db.addTwoWorkspaces(NOW);
        workspace = two.first();
        otherWorkspace = two.second();
        optIn = SubscriptionGroup.create(workspace, "Product news", null, true, NOW);
        optOut = SubscriptionGroup.create(workspace, "Account tips", null, false, NOW);
        pros = Segment.create(
                workspace,
                "Pro plan",
                new Condition.Equals(FieldPath.parse("profile.plan"), new Literal.Text("pro")),
                NOW);
        db.commit(tx -> {
            tx.subscriptionGroups().add(optIn);
            tx.subscriptionGroups().add(optOut);
            tx.segments().add(pros);
            // Ada subscribed; Bob unsubscribed from both; Cy never said; Dee subscribed but is suppressed (in
            // another case); Eve has no address; Fay subscribed but is on the free plan.
            ada = profile(tx, "ada@example.test", null, PRO);
            bob = profile(tx, "bob@example.test", null, PRO);
            cy = profile(tx, "cy@example.test", null, PRO);
            dee = profile(tx, "Dee@Example.test", null, PRO);
            eve = profile(tx, null, "crm-eve", PRO);
            fay = profile(tx, "fay@example.test", null, "{\"plan\":\"free\"}");
            consent(tx, ada, optIn, ConsentStatus.SUBSCRIBED);
            consent(tx, bob, optIn, ConsentStatus.UNSUBSCRIBED);
            consent(tx, bob, optOut, ConsentStatus.UNSUBSCRIBED);
            consent(tx, dee, optIn, ConsentStatus.SUBSCRIBED);
            consent(tx, eve, optIn, ConsentStatus.SUBSCRIBED);
            consent(tx, fay, optIn, ConsentStatus.SUBSCRIBED);
            tx.suppressions().add(Suppression.manual(workspace, EmailAddress.of("dee@example.test"), NOW));
            // Another workspace's subscribed pro, who never belongs to this workspace's audiences.
            profile(tx, "ada@example.test", null, PRO, otherWorkspace);
        });
    }

    @Test
    void preflight_counts_an_opt_in_group_s_audience_by_the_first_reason_each_member_is_left_out() {
        AudienceCounts counts =
                db.inTransaction(tx -> tx.audiences().count(workspace, new AudienceSpec(pros.id(), optIn.id())));

        // Ada gets it; Dee is suppressed, Bob unsubscribed, Cy never subscribed, Eve has no address.
        assertThat(counts).isEqualTo(new AudienceCounts(5, 1, 1, 1, 1, 1));
    }

    @Test
    void in_an_opt_out_group_a_profile_that_never_said_either_way_is_eligible() {
        AudienceCounts counts =
                db.inTransaction(tx -> tx.audiences().count(workspace, new AudienceSpec(pros.id(), optOut.id())));

        // Ada and Cy get it; Dee is suppressed, Bob unsubscribed, Eve has no address.
        assertThat(counts).isEqualTo(new AudienceCounts(5, 2, 1, 1, 0, 1));
    }

    @Test
    void without_a_segment_the_audience_is_every_profile_of_the_workspace() {
        AudienceCounts counts =
                db.inTransaction(tx -> tx.audiences().count(workspace, new AudienceSpec(null, optIn.id())));

        assertThat(counts).isEqualTo(new AudienceCounts(6, 2, 1, 1, 1, 1));
    }

    @Test
    void preflight_reads_outside_a_transaction_too() {
        AudienceCounts counts;
        try (TestDatabase.Transaction tx = db.begin()) {
            tx.rollback();
            counts = tx.audiences().count(workspace, new AudienceSpec(pros.id(), optIn.id()));
        }

        assertThat(counts.audienceSize()).isEqualTo(5);
    }

    @Test
    void pages_hold_every_member_once_in_profile_order_with_consent_and_suppression() {
        AudienceSpec spec = new AudienceSpec(pros.id(), optIn.id());
        List<AudienceMember> all = new ArrayList<>();
        String after = null;
        while (true) {
            String cursor = after;
            List<AudienceMember> page =
                    db.inTransaction(tx -> tx.audiences().page(workspace, spec, null, null, cursor, 2));
            all.addAll(page);
            if (page.size() < 2) {
                break;
            }
            after = page.get(page.size() - 1).profileId();
        }

        assertThat(all)
                .containsExactly(
                        new AudienceMember(ada, EmailAddress.of("ada@example.test"), ConsentStatus.SUBSCRIBED, false),
                        new AudienceMember(bob, EmailAddress.of("bob@example.test"), ConsentStatus.UNSUBSCRIBED, false),
                        new AudienceMember(cy, EmailAddress.of("cy@example.test"), ConsentStatus.NEVER, false),
                        new AudienceMember(dee, EmailAddress.of("Dee@example.test"), ConsentStatus.SUBSCRIBED, true),
                        new AudienceMember(eve, null, ConsentStatus.SUBSCRIBED, false));
    }

    @Test
    void a_preview_counts_the_profiles_a_condition_picks_and_shows_the_first_of_them() {
        SegmentPreview preview = db.inTransaction(tx -> tx.audiences().preview(workspace, pros.condition(), 2));
        SegmentPreview none = db.inTransaction(tx -> tx.audiences()
                .preview(
                        workspace,
                        new Condition.Equals(FieldPath.parse("profile.plan"), new Literal.Text("enterprise")),
                        2));

        assertThat(preview).isEqualTo(new SegmentPreview(5, List.of(ada, bob)));
        assertThat(none).isEqualTo(new SegmentPreview(0, List.of()));
    }

    @Test
    void a_partition_reads_only_its_id_range() {
        AudienceSpec spec = new AudienceSpec(pros.id(), optIn.id());

        List<AudienceMember> partition =
                db.inTransaction(tx -> tx.audiences().page(workspace, spec, bob, dee, null, 100));
        List<AudienceMember> rest = db.inTransaction(tx -> tx.audiences().page(workspace, spec, dee, null, dee, 100));

        assertThat(partition).extracting(AudienceMember::profileId).containsExactly(bob, cy);
        assertThat(rest).extracting(AudienceMember::profileId).containsExactly(eve);
    }

    @Test
    void another_workspace_s_segment_or_group_is_not_found() {
        SubscriptionGroup foreign = SubscriptionGroup.create(otherWorkspace, "Theirs", null, false, NOW);
        db.commit(tx -> tx.subscriptionGroups().add(foreign));

        assertThatThrownBy(() ->
                        db.inTransaction(tx -> tx.audiences().count(workspace, new AudienceSpec(null, foreign.id()))))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> db.inTransaction(
                        tx -> tx.audiences().count(otherWorkspace, new AudienceSpec(pros.id(), foreign.id()))))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_deleted_segment_is_not_found() {
        db.commit(tx -> tx.segments().remove(workspace, pros.id(), NOW));

        assertThatThrownBy(() -> db.inTransaction(
                        tx -> tx.audiences().count(workspace, new AudienceSpec(pros.id(), optIn.id()))))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_consent_set_again_replaces_the_one_before_and_erasing_the_profile_erases_its_consents() {
        db.commit(tx -> tx.consents()
                .set(new Consent(
                        workspace, ada, optIn.id(), ConsentStatus.UNSUBSCRIBED, ConsentSource.UNSUBSCRIBE_LINK, NOW)));

        List<Consent> adas = db.inTransaction(tx -> tx.consents().of(workspace, ada));
        List<Consent> seenFromElsewhere = db.inTransaction(tx -> tx.consents().of(otherWorkspace, ada));

        assertThat(adas)
                .containsExactly(new Consent(
                        workspace, ada, optIn.id(), ConsentStatus.UNSUBSCRIBED, ConsentSource.UNSUBSCRIBE_LINK, NOW));
        assertThat(seenFromElsewhere).isEmpty();

        db.commit(tx -> tx.profiles().remove(workspace, ada));

        Map<String, ConsentStatus> left =
                db.inTransaction(tx -> tx.consents().statusesOf(workspace, optIn.id(), List.of(ada, bob)));
        assertThat(left).containsOnlyKeys(bob);
    }

    private String profile(TestDatabase.Transaction tx, String email, String externalId, String properties) {
        return profile(tx, email, externalId, properties, workspace);
    }

    private static String profile(
            TestDatabase.Transaction tx, String email, String externalId, String properties, WorkspaceId in) {
        Profile profile = new Profile(
                io.segmentflow.domain.shared.Identifier.next("pr", NOW),
                in,
                email == null ? null : EmailAddress.of(email),
                externalId,
                properties,
                NOW,
                NOW);
        tx.profiles().addAll(List.of(profile));
        return profile.id();
    }

    private void consent(TestDatabase.Transaction tx, String profileId, SubscriptionGroup group, ConsentStatus status) {
        tx.consents().set(new Consent(workspace, profileId, group.id(), status, ConsentSource.API, NOW));
    }
}
