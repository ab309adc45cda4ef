package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.CarrierConfirmation;
import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.FanOutPlan;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.broadcast.BroadcastDefinition;
import io.segmentflow.domain.email.AudienceLink;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.newsletter.IssueDefinition;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterDefinition;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Broadcasts, Newsletters, Issues and confirmation links as stored, and the carriers as the fan-out sees them. */
@ExtendWith(TestDatabaseExtension.class)
class AudienceCarriersStoreTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final Mailbox SHOP = new Mailbox(EmailAddress.of("shop@acme.test"), "Acme Shop");
    private static final CarrierLifecycle.Pinned PINNED = new CarrierLifecycle.Pinned("tsn_sale_2", SHOP);

    private final TestDatabase db;
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;

    AudienceCarriersStoreTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void twoWorkspaces() {
        TestDatabase.TwoWorkspaces two = db.addTwoWorkspaces(NOW);
        workspace = two.first();
        otherWorkspace = two.second();
    }

    private Broadcast springSale() {
        return Broadcast.draft(
                workspace,
                new BroadcastDefinition(
                        "Spring sale",
                        CarrierContent.ofTemplate("tpl_sale", "50% off"),
                        "seg_buyers",
                        "grp_news",
                        SHOP),
                NOW);
    }

    private Broadcast added(Broadcast broadcast) {
        db.commit(tx -> tx.broadcasts().add(broadcast));
        return broadcast;
    }

    @Test
    void a_broadcast_reads_back_as_it_was_stored_and_only_in_its_workspace() {
        Broadcast broadcast = added(springSale());
        db.commit(tx -> {
            Broadcast read =
                    tx.broadcasts().findForUpdate(workspace, broadcast.id()).orElseThrow();
            read.schedule(NOW.plus(Duration.ofHours(2)), NOW);
            tx.broadcasts().update(read);
        });

        Broadcast read = db.inTransaction(tx -> tx.broadcasts().find(workspace, broadcast.id()))
                .orElseThrow();
        assertThat(read.definition()).isEqualTo(broadcast.definition());
        assertThat(read.status()).isEqualTo(CarrierStatus.SCHEDULED);
        assertThat(read.lifecycle().sendAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(read.createdAt()).isEqualTo(NOW);
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.broadcasts().find(otherWorkspace, broadcast.id())))
                .isEmpty();
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.broadcasts().list(otherWorkspace, null, 10)))
                .isEmpty();
    }

    @Test
    void broadcasts_are_listed_in_pages_of_id_order() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(added(springSale()).id());
        }

        List<Broadcast> first = db.inTransaction(tx -> tx.broadcasts().list(workspace, null, 2));
        List<Broadcast> rest = db.inTransaction(
                tx -> tx.broadcasts().list(workspace, first.get(1).id(), 2));

        assertThat(first).extracting(Broadcast::id).containsExactly(ids.get(0), ids.get(1));
        assertThat(rest).extracting(Broadcast::id).containsExactly(ids.get(2));
    }

    @Test
    void two_schedulers_claim_each_due_broadcast_once() {
        Broadcast due = springSale();
        due.schedule(NOW.plusSeconds(60), NOW);
        Broadcast later = springSale();
        later.schedule(NOW.plus(Duration.ofHours(1)), NOW);
        Broadcast draft = springSale();
        added(due);
        added(later);
        added(draft);
        Instant atTime = NOW.plusSeconds(61);

        try (TestDatabase.Transaction first = db.begin();
                TestDatabase.Transaction second = db.begin()) {
            List<Broadcast> claimedFirst = first.broadcasts().claimDue(atTime, 10);
            List<Broadcast> claimedSecond = second.broadcasts().claimDue(atTime, 10);

            assertThat(claimedFirst).extracting(Broadcast::id).containsExactly(due.id());
            assertThat(claimedSecond).isEmpty();
        }
    }

    @Test
    void the_fan_out_sees_a_sending_broadcast_by_what_it_was_pinned_to_and_ends_it_once() {
        Broadcast broadcast = springSale();
        broadcast.awaitConfirmation(NOW);
        added(broadcast);
        CarrierRef ref = broadcast.ref();
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.audienceCarriers().planOf(ref)))
                .isEmpty();

        db.commit(tx -> {
            Broadcast locked =
                    tx.broadcasts().findForUpdate(workspace, broadcast.id()).orElseThrow();
            locked.startConfirmed(PINNED, NOW);
            tx.broadcasts().update(locked);
        });

        FanOutPlan plan =
                db.inTransaction(tx -> tx.audienceCarriers().planOf(ref)).orElseThrow();
        assertThat(plan)
                .isEqualTo(new FanOutPlan(
                        ref, new AudienceSpec("seg_buyers", "grp_news"), "tpl_sale", "tsn_sale_2", SHOP, "50% off"));
        assertThat(db.inTransaction((TestDatabase.Transaction tx) ->
                        tx.audienceCarriers().planOf(new CarrierRef(otherWorkspace, ref.type(), ref.id()))))
                .isEmpty();

        Instant end = NOW.plus(Duration.ofMinutes(2));
        db.commit(tx -> tx.audienceCarriers().fannedOut(ref, 1000, end));
        db.commit(tx -> tx.audienceCarriers().fannedOut(ref, 1000, end.plusSeconds(30)));
        db.commit(tx -> tx.audienceCarriers().fanOutFailed(ref, "too late", end.plusSeconds(40)));

        Broadcast sent = db.inTransaction(tx -> tx.broadcasts().find(workspace, broadcast.id()))
                .orElseThrow();
        assertThat(sent.status()).isEqualTo(CarrierStatus.SENT);
        assertThat(sent.lifecycle().written()).isEqualTo(1000);
        assertThat(sent.lifecycle().finishedAt()).isEqualTo(end);
        assertThat(sent.lifecycle().pinned()).isEqualTo(PINNED);
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.audienceCarriers().planOf(ref)))
                .isEmpty();
    }

    @Test
    void an_issue_is_fanned_out_to_its_newsletters_group_and_can_fail() {
        Newsletter weekly =
                Newsletter.create(workspace, new NewsletterDefinition("Weekly", "grp_weekly", SHOP, "tpl_weekly"), NOW);
        NewsletterIssue issue = NewsletterIssue.draft(
                weekly, new IssueDefinition("Week 3", CarrierContent.ownTemplate("tpl_week3"), null), NOW);
        issue.schedule(NOW.plusSeconds(10), NOW);
        db.commit(tx -> {
            tx.newsletters().add(weekly);
            tx.newsletterIssues().add(issue);
        });
        Instant due = NOW.plusSeconds(10);
        db.commit(tx -> {
            List<NewsletterIssue> claimed = tx.newsletterIssues().claimDue(due, 10);
            assertThat(claimed).extracting(NewsletterIssue::id).containsExactly(issue.id());
            claimed.get(0).startScheduled(PINNED, due);
            tx.newsletterIssues().update(claimed.get(0));
        });

        FanOutPlan plan = db.inTransaction(tx -> tx.audienceCarriers().planOf(issue.ref()))
                .orElseThrow();
        assertThat(plan.audience()).isEqualTo(new AudienceSpec(null, "grp_weekly"));
        assertThat(plan.templateSnapshotId()).isEqualTo("tsn_sale_2");
        assertThat(plan.subject()).isNull();

        db.commit(tx -> tx.audienceCarriers().fanOutFailed(issue.ref(), "the audience could not be read", due));
        NewsletterIssue failed = db.inTransaction(tx -> tx.newsletterIssues().find(workspace, issue.id()))
                .orElseThrow();
        assertThat(failed.status()).isEqualTo(CarrierStatus.FAILED);
        assertThat(failed.lifecycle().failureReason()).isEqualTo("the audience could not be read");
        assertThat(failed.definition()).isEqualTo(issue.definition());
        assertThat(db.inTransaction((TestDatabase.Transaction tx) ->
                        tx.newsletterIssues().listOf(workspace, weekly.id(), null, 10)))
                .extracting(NewsletterIssue::id)
                .containsExactly(issue.id());
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.newsletters().find(workspace, weekly.id())))
                .get()
                .extracting(Newsletter::definition)
                .isEqualTo(weekly.definition());
    }

    @Test
    void the_carriers_sending_since_a_time_are_found_in_every_workspace_and_no_others() {
        Broadcast early = springSale();
        early.awaitConfirmation(NOW);
        Broadcast late = springSale();
        late.awaitConfirmation(NOW);
        Broadcast draft = springSale();
        added(early);
        added(late);
        added(draft);
        Newsletter weekly = Newsletter.create(
                otherWorkspace, new NewsletterDefinition("Weekly", "grp_weekly", SHOP, "tpl_weekly"), NOW);
        NewsletterIssue issue = NewsletterIssue.draft(
                weekly, new IssueDefinition("Week 3", CarrierContent.ownTemplate("tpl_week3"), null), NOW);
        issue.schedule(NOW.plusSeconds(10), NOW);
        db.commit(tx -> {
            tx.newsletters().add(weekly);
            tx.newsletterIssues().add(issue);
        });
        db.commit(tx -> {
            Broadcast first =
                    tx.broadcasts().findForUpdate(workspace, early.id()).orElseThrow();
            first.startConfirmed(PINNED, NOW);
            tx.broadcasts().update(first);
            Broadcast second =
                    tx.broadcasts().findForUpdate(workspace, late.id()).orElseThrow();
            second.startConfirmed(PINNED, NOW.plusSeconds(60));
            tx.broadcasts().update(second);
            NewsletterIssue claimed =
                    tx.newsletterIssues().claimDue(NOW.plusSeconds(10), 10).get(0);
            claimed.startScheduled(PINNED, NOW.plusSeconds(10));
            tx.newsletterIssues().update(claimed);
        });

        List<CarrierRef> sending = db.inTransaction(tx -> tx.audienceCarriers().sendingSince(NOW.plusSeconds(30)));

        assertThat(sending).containsExactlyInAnyOrder(early.ref(), issue.ref());
        db.commit(tx -> tx.audienceCarriers().fannedOut(early.ref(), 10, NOW.plusSeconds(90)));
        List<CarrierRef> later = db.inTransaction(tx -> tx.audienceCarriers().sendingSince(NOW.plusSeconds(120)));
        assertThat(later).containsExactlyInAnyOrder(late.ref(), issue.ref());
    }

    @Test
    void a_confirmation_is_found_by_its_digest_only_and_stores_its_use() {
        Broadcast broadcast = added(springSale());
        CarrierConfirmation.Issued issued = CarrierConfirmation.issue(broadcast.ref(), NOW);
        db.commit(tx -> tx.carrierConfirmations().add(issued.confirmation()));

        assertThat(db.inTransaction((TestDatabase.Transaction tx) ->
                        tx.carrierConfirmations().findForUpdate(issued.token())))
                .isEmpty();
        db.commit(tx -> {
            CarrierConfirmation found = tx.carrierConfirmations()
                    .findForUpdate(CarrierConfirmation.hashOf(issued.token()))
                    .orElseThrow();
            assertThat(found.carrier()).isEqualTo(broadcast.ref());
            assertThat(found.expiresAt()).isEqualTo(NOW.plus(CarrierConfirmation.LIFETIME));
            found.redeem(NOW.plusSeconds(5));
            tx.carrierConfirmations().update(found);
        });

        CarrierConfirmation used = db.inTransaction(
                        tx -> tx.carrierConfirmations().findForUpdate(CarrierConfirmation.hashOf(issued.token())))
                .orElseThrow();
        assertThat(used.usedAt()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void results_count_a_carriers_sends_by_status_and_skipped_ones_by_reason() {
        Broadcast broadcast = added(springSale());
        CarrierRef ref = broadcast.ref();
        List<EmailSend> sends = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sends.add(send("em_c" + i, "pr_" + i, new AudienceLink("grp_news", ref)));
        }
        sends.add(send("em_test", "pr_9", null));
        db.commit(tx -> tx.emailSends().addAll(sends));
        db.commit(tx -> {
            var em = tx.entityManager();
            em.createNativeQuery("UPDATE email_sends SET status = 'sent' WHERE id IN ('em_c0', 'em_c1')")
                    .executeUpdate();
            em.createNativeQuery("UPDATE email_sends SET status = 'failed', failure_message = '550 no such user'"
                            + " WHERE id = 'em_c2'")
                    .executeUpdate();
            em.createNativeQuery("UPDATE email_sends SET status = 'skipped', failure_message = 'unsubscribed: the"
                            + " Profile unsubscribed from the subscription group' WHERE id IN ('em_c3', 'em_c4')")
                    .executeUpdate();
            em.createNativeQuery("UPDATE email_sends SET status = 'sent' WHERE id = 'em_test'")
                    .executeUpdate();
        });

        SendResults results = db.inTransaction(tx -> tx.carrierSends().results(ref));

        assertThat(results).isEqualTo(new SendResults(1, 2, 1, 2, Map.of("unsubscribed", 2L)));
        assertThat(db.inTransaction((TestDatabase.Transaction tx) ->
                        tx.carrierSends().results(new CarrierRef(otherWorkspace, ref.type(), ref.id()))))
                .isEqualTo(SendResults.NONE);
    }

    private EmailSend send(String id, String profileId, AudienceLink audience) {
        return EmailSend.accept(new EmailSendDetails(
                id,
                workspace,
                profileId,
                "tpl_sale",
                "tsn_sale_2",
                Mailbox.of(EmailAddress.of(profileId + "@example.test")),
                null,
                SHOP,
                null,
                null,
                List.of(),
                List.of(),
                "{}",
                null,
                audience == null ? SendPriority.TRANSACTIONAL : SendPriority.AUDIENCE,
                EmailSend.messageIdFor(id, SHOP.address()),
                null,
                NOW,
                null,
                audience));
    }
}
