package io.segmentflow.application.broadcast;

import static io.segmentflow.application.broadcast.AudienceSendsFixture.ACME;
import static io.segmentflow.application.broadcast.AudienceSendsFixture.GLOBEX;
import static io.segmentflow.application.broadcast.AudienceSendsFixture.NOW;
import static io.segmentflow.application.broadcast.AudienceSendsFixture.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.SenderNotReadyException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.audience.AudienceCounts;
import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.ConfirmationRefusedException;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.sender.DomainName;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.template.Template;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BroadcastServiceTest {
    private final AudienceSendsFixture f = new AudienceSendsFixture();
    private final Template sale = f.template(ACME, "Sale");

    private BroadcastRequest saleTo(String segmentId) {
        return new BroadcastRequest(
                "Spring sale",
                new ContentRequest(sale.id(), null, null, null),
                segmentId,
                "grp_news",
                Mailbox.parse("Acme <news@acme.test>"));
    }

    private Broadcast drafted() {
        return f.broadcasts.create(ACME, saleTo("seg_buyers"));
    }

    @Test
    void a_draft_sends_a_template_of_the_workspace() {
        Broadcast broadcast = drafted();

        assertThat(broadcast.status()).isEqualTo(CarrierStatus.DRAFT);
        assertThat(broadcast.definition().content().templateId()).isEqualTo(sale.id());
        assertThat(broadcast.definition().content().ownTemplate()).isFalse();
        assertThat(f.broadcasts.find(ACME, broadcast.id()).definition()).isEqualTo(broadcast.definition());
    }

    @Test
    void a_template_of_another_workspace_is_refused_as_unknown() {
        Template foreign = f.template(GLOBEX, "Foreign");
        BroadcastRequest request =
                new BroadcastRequest("x", new ContentRequest(foreign.id(), null, null, null), null, "grp_news", null);

        assertThatThrownBy(() -> f.broadcasts.create(ACME, request))
                .isInstanceOfSatisfying(
                        ValidationFailedException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(fe -> fe.field())
                                .containsExactly("templateId"));
        assertThat(f.broadcasts.list(ACME, null, 10).data()).isEmpty();
    }

    @Test
    void a_group_or_segment_the_workspace_does_not_have_is_refused_by_field() {
        BroadcastRequest unknown = new BroadcastRequest(
                "x", new ContentRequest(sale.id(), null, null, null), "seg_nowhere", "grp_nowhere", null);

        assertThatThrownBy(() -> f.broadcasts.create(ACME, unknown))
                .isInstanceOfSatisfying(
                        ValidationFailedException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(fe -> fe.field())
                                .containsExactly("subscriptionGroupId", "segmentId"));
        assertThatThrownBy(() -> f.broadcasts.create(GLOBEX, saleTo("seg_buyers")))
                .isInstanceOf(ValidationFailedException.class);
        assertThat(f.broadcasts.list(ACME, null, 10).data()).isEmpty();
    }

    @Test
    void a_subject_and_html_make_a_marketing_template_that_edits_change_and_a_duplicate_copies() {
        Broadcast broadcast = f.broadcasts.create(
                ACME,
                new BroadcastRequest(
                        "Launch",
                        new ContentRequest(null, "We launched", "<p>New!</p>", null),
                        null,
                        "grp_news",
                        null));
        String own = broadcast.definition().content().templateId();
        assertThat(broadcast.definition().content().ownTemplate()).isTrue();
        assertThat(f.templates.find(ACME, own).orElseThrow().current().content().subject())
                .isEqualTo("We launched");

        f.broadcasts.update(
                ACME,
                broadcast.id(),
                new BroadcastRequest(
                        "Launch",
                        new ContentRequest(null, "We launched!", "<p>New!</p>", null),
                        null,
                        "grp_news",
                        null));
        assertThat(f.templates.find(ACME, own).orElseThrow().current().content().subject())
                .isEqualTo("We launched!");

        Broadcast copy = f.broadcasts.duplicate(ACME, broadcast.id());
        assertThat(copy.definition().content().ownTemplate()).isTrue();
        assertThat(copy.definition().content().templateId()).isNotEqualTo(own);
        assertThat(f.templates.size()).isEqualTo(3);
    }

    @Test
    void only_a_draft_is_updated_and_a_refused_update_changes_nothing() {
        Broadcast broadcast = drafted();
        f.broadcasts.schedule(ACME, broadcast.id(), NOW.plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> f.broadcasts.update(ACME, broadcast.id(), saleTo("seg_other")))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(f.broadcasts.find(ACME, broadcast.id()).definition().segmentId())
                .isEqualTo("seg_buyers");
    }

    @Test
    void another_workspaces_broadcast_is_not_found_for_any_move() {
        Broadcast broadcast = drafted();
        String id = broadcast.id();

        assertThatThrownBy(() -> f.broadcasts.find(GLOBEX, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.broadcasts.cancel(GLOBEX, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.broadcasts.schedule(GLOBEX, id, NOW.plusSeconds(60)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.broadcasts.handOver(GLOBEX, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.broadcasts.results(GLOBEX, id)).isInstanceOf(NotFoundException.class);
        assertThat(f.broadcasts.find(ACME, id).status()).isEqualTo(CarrierStatus.DRAFT);
    }

    @Test
    void the_list_pages_by_cursor() {
        Broadcast first = drafted();
        Broadcast second = drafted();
        Broadcast third = drafted();

        var page = f.broadcasts.list(ACME, null, 2);
        var rest = f.broadcasts.list(ACME, page.nextCursor(), 2);

        assertThat(page.data()).extracting(Broadcast::id).containsExactly(first.id(), second.id());
        assertThat(page.hasMore()).isTrue();
        assertThat(rest.data()).extracting(Broadcast::id).containsExactly(third.id());
        assertThat(rest.hasMore()).isFalse();
        assertThat(f.broadcasts.list(GLOBEX, null, 10).data()).isEmpty();
    }

    @Test
    void preflight_counts_the_audience_and_says_whether_the_sender_domain_is_verified() {
        Broadcast broadcast = f.broadcasts.create(
                ACME,
                new BroadcastRequest("x", new ContentRequest(sale.id(), null, null, null), null, "grp_news", null));
        f.audiences.counts(new AudienceCounts(10, 6, 1, 2, 1, 0));

        Preflight preflight = f.broadcasts.preflight(ACME, broadcast.id());

        assertThat(f.audiences.counted()).containsExactly(new AudienceSpec(null, "grp_news"));
        assertThat(preflight.counts().eligible()).isEqualTo(6);
        assertThat(preflight.sender()).isEqualTo(AudienceSendsFixture.DEFAULT_FROM);
        assertThat(preflight.senderReady()).isFalse();
        assertThat(preflight.warnings())
                .anySatisfy(w -> assertThat(w).contains("localhost is not a domain receivers can check"))
                .anySatisfy(w -> assertThat(w).contains("default sender"))
                .anySatisfy(w -> assertThat(w).contains("1 Profiles never subscribed"));

        Preflight withSender = f.broadcasts.preflight(ACME, drafted().id());
        assertThat(withSender.senderReady()).isTrue();
        assertThat(withSender.sender().address().value()).isEqualTo("news@acme.test");
        assertThat(withSender.warnings()).noneSatisfy(w -> assertThat(w).contains("sender domain"));
    }

    @Test
    void a_test_send_is_one_transactional_email_not_linked_to_the_broadcast() {
        Broadcast broadcast = drafted();

        EmailSend test = f.broadcasts.testSend(
                ACME, broadcast.id(), new TestSendRequest(Mailbox.parse("me@acme.test"), "{\"name\":\"Me\"}"));

        assertThat(f.sends.all()).extracting(EmailSend::id).containsExactly(test.id());
        assertThat(test.details().priority()).isEqualTo(SendPriority.TRANSACTIONAL);
        assertThat(test.details().audience()).isNull();
        assertThat(test.details().templateId()).isEqualTo(sale.id());
        assertThat(test.details().from().address().value()).isEqualTo("news@acme.test");
        assertThat(f.signal.wakeUps()).hasSize(1);
        assertThat(f.broadcasts.find(ACME, broadcast.id()).status()).isEqualTo(CarrierStatus.DRAFT);
    }

    @Test
    void a_broadcast_from_a_domain_that_is_not_a_verified_sender_domain_is_neither_scheduled_nor_handed_over() {
        Broadcast unknownDomain = f.broadcasts.create(
                ACME,
                new BroadcastRequest(
                        "x",
                        new ContentRequest(sale.id(), null, null, null),
                        null,
                        "grp_news",
                        Mailbox.parse("news@other.test")));
        Broadcast defaultSender = f.broadcasts.create(
                ACME,
                new BroadcastRequest("y", new ContentRequest(sale.id(), null, null, null), null, "grp_news", null));

        assertThatThrownBy(() -> f.broadcasts.schedule(ACME, unknownDomain.id(), NOW.plus(Duration.ofMinutes(5))))
                .isInstanceOf(SenderNotReadyException.class)
                .hasMessageContaining("other.test is not a sender domain of the workspace");
        assertThatThrownBy(() -> f.broadcasts.handOver(ACME, unknownDomain.id()))
                .isInstanceOf(SenderNotReadyException.class);
        assertThatThrownBy(() -> f.broadcasts.handOver(ACME, defaultSender.id()))
                .isInstanceOf(SenderNotReadyException.class)
                .hasMessageContaining("localhost");
        assertThat(f.broadcasts.find(ACME, unknownDomain.id()).status()).isEqualTo(CarrierStatus.DRAFT);
        assertThat(f.broadcasts.find(ACME, defaultSender.id()).status()).isEqualTo(CarrierStatus.DRAFT);
        assertThat(f.broadcasts.preflight(ACME, unknownDomain.id()).senderReady())
                .isFalse();
    }

    @Test
    void a_sender_domain_that_is_only_pending_is_not_ready() {
        f.senderDomains.add(SenderDomain.create(ACME, new DomainName("pending.test"), "AAAA", "sealed", NOW));
        Broadcast broadcast = f.broadcasts.create(
                ACME,
                new BroadcastRequest(
                        "x",
                        new ContentRequest(sale.id(), null, null, null),
                        null,
                        "grp_news",
                        Mailbox.parse("news@pending.test")));

        assertThat(f.broadcasts.preflight(ACME, broadcast.id()).warnings())
                .anySatisfy(w -> assertThat(w).contains("pending.test").contains("is pending, not verified"));
        assertThatThrownBy(() -> f.broadcasts.schedule(ACME, broadcast.id(), NOW.plus(Duration.ofMinutes(5))))
                .isInstanceOf(SenderNotReadyException.class);
    }

    @Test
    void a_schedule_must_be_in_the_future() {
        Broadcast broadcast = drafted();

        assertThatThrownBy(() -> f.broadcasts.schedule(ACME, broadcast.id(), NOW))
                .isInstanceOf(InvalidValueException.class);
        assertThat(f.broadcasts.find(ACME, broadcast.id()).status()).isEqualTo(CarrierStatus.DRAFT);
    }

    @Test
    void the_scheduler_starts_a_broadcast_when_its_time_comes_and_never_a_cancelled_one() {
        Broadcast kept = drafted();
        Broadcast cancelled = drafted();
        f.broadcasts.schedule(ACME, kept.id(), NOW.plus(Duration.ofMinutes(10)));
        f.broadcasts.schedule(ACME, cancelled.id(), NOW.plus(Duration.ofMinutes(10)));
        f.broadcasts.cancel(ACME, cancelled.id());

        f.clock.advance(Duration.ofMinutes(9));
        assertThat(f.starts.startDue()).isZero();
        assertThat(f.fanOuts.started()).isEmpty();

        f.clock.advance(Duration.ofMinutes(1));
        assertThat(f.starts.startDue()).isEqualTo(1);
        assertThat(f.starts.startDue()).isZero();

        assertThat(f.fanOuts.started()).containsExactly(kept.ref());
        Broadcast sending = f.broadcasts.find(ACME, kept.id());
        assertThat(sending.status()).isEqualTo(CarrierStatus.SENDING);
        assertThat(sending.lifecycle().pinned().templateSnapshotId())
                .isEqualTo(sale.current().id());
        assertThat(f.broadcasts.find(ACME, cancelled.id()).status()).isEqualTo(CarrierStatus.CANCELLED);
        assertThatThrownBy(() -> f.broadcasts.cancel(ACME, kept.id()))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("sending and cannot be cancelled");
    }

    @Test
    void a_broadcast_whose_template_was_deleted_fails_at_its_time_instead_of_starting() {
        Broadcast broadcast = drafted();
        f.broadcasts.schedule(ACME, broadcast.id(), NOW.plusSeconds(60));
        f.templateService.delete(ACME, sale.id());
        f.clock.advance(Duration.ofMinutes(1));

        f.starts.startDue();

        assertThat(f.fanOuts.started()).isEmpty();
        Broadcast failed = f.broadcasts.find(ACME, broadcast.id());
        assertThat(failed.status()).isEqualTo(CarrierStatus.FAILED);
        assertThat(failed.lifecycle().failureReason()).contains(sale.id());
    }

    @Test
    void the_handover_link_confirms_once_and_starts_the_fan_out() {
        Broadcast broadcast = drafted();

        ConfirmationLink link = f.broadcasts.handOver(ACME, broadcast.id());

        assertThat(link.url()).startsWith("https://mail.acme.test/dashboard/confirmations/cfm_");
        assertThat(link.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(f.carriers.storedConfirmations())
                .singleElement()
                .satisfies(stored -> assertThat(stored.tokenHash()).doesNotContain(tokenOf(link)));
        assertThat(f.broadcasts.find(ACME, broadcast.id()).status()).isEqualTo(CarrierStatus.AWAITING_CONFIRMATION);
        assertThat(f.starts.review(ACME, tokenOf(link)).send().ref()).isEqualTo(broadcast.ref());
        assertThat(f.fanOuts.started()).isEmpty();

        f.clock.advance(Duration.ofMinutes(14));
        assertThat(f.starts.confirm(ACME, Role.OPERATOR, tokenOf(link))).isEqualTo(broadcast.ref());

        assertThat(f.fanOuts.started()).containsExactly(broadcast.ref());
        assertThat(f.broadcasts.find(ACME, broadcast.id()).status()).isEqualTo(CarrierStatus.SENDING);
        assertThatThrownBy(() -> f.starts.confirm(ACME, Role.OPERATOR, tokenOf(link)))
                .isInstanceOfSatisfying(
                        ConfirmationRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConfirmationRefusedException.Reason.USED));
        assertThat(f.fanOuts.started()).hasSize(1);
    }

    @Test
    void a_link_confirmed_after_its_sender_domain_was_deleted_starts_nothing_and_stays_usable() {
        Broadcast broadcast = drafted();
        ConfirmationLink link = f.broadcasts.handOver(ACME, broadcast.id());
        f.senderDomains.list(ACME, null, 10).forEach(domain -> f.senderDomains.remove(ACME, domain.id()));

        assertThatThrownBy(() -> f.starts.confirm(ACME, Role.OPERATOR, tokenOf(link)))
                .isInstanceOf(SenderNotReadyException.class);
        assertThat(f.fanOuts.started()).isEmpty();
        assertThat(f.broadcasts.find(ACME, broadcast.id()).status()).isEqualTo(CarrierStatus.AWAITING_CONFIRMATION);

        f.senderDomains.addVerified(ACME, "acme.test", NOW);
        assertThat(f.starts.confirm(ACME, Role.OPERATOR, tokenOf(link))).isEqualTo(broadcast.ref());
        assertThat(f.fanOuts.started()).containsExactly(broadcast.ref());
    }

    @Test
    void an_expired_link_starts_nothing_and_a_new_one_can_be_asked_for() {
        Broadcast broadcast = drafted();
        ConfirmationLink expired = f.broadcasts.handOver(ACME, broadcast.id());
        f.clock.advance(Duration.ofMinutes(15));

        assertThatThrownBy(() -> f.starts.confirm(ACME, Role.OPERATOR, tokenOf(expired)))
                .isInstanceOfSatisfying(
                        ConfirmationRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConfirmationRefusedException.Reason.EXPIRED));
        assertThatThrownBy(() -> f.starts.review(ACME, tokenOf(expired)))
                .isInstanceOf(ConfirmationRefusedException.class);
        assertThat(f.fanOuts.started()).isEmpty();
        assertThat(f.broadcasts.find(ACME, broadcast.id()).status()).isEqualTo(CarrierStatus.AWAITING_CONFIRMATION);

        ConfirmationLink fresh = f.broadcasts.handOver(ACME, broadcast.id());
        f.starts.confirm(ACME, Role.OPERATOR, tokenOf(fresh));
        assertThat(f.fanOuts.started()).containsExactly(broadcast.ref());
    }

    @Test
    void a_link_of_a_broadcast_cancelled_meanwhile_starts_nothing_and_stays_unused() {
        Broadcast broadcast = drafted();
        ConfirmationLink link = f.broadcasts.handOver(ACME, broadcast.id());
        f.broadcasts.cancel(ACME, broadcast.id());

        assertThatThrownBy(() -> f.starts.confirm(ACME, Role.OPERATOR, tokenOf(link)))
                .isInstanceOf(IllegalTransitionException.class);

        assertThat(f.fanOuts.started()).isEmpty();
        assertThat(f.carriers.storedConfirmations().get(0).usedAt()).isNull();
    }

    @Test
    void a_review_shows_the_broadcast_its_preflight_and_consent_and_leaves_the_link_unused() {
        f.audiences.counts(new AudienceCounts(25, 20, 1, 2, 2, 0));
        Broadcast broadcast = drafted();
        ConfirmationLink link = f.broadcasts.handOver(ACME, broadcast.id());

        ConfirmationReview review = f.starts.review(ACME, tokenOf(link));

        assertThat(review.send().ref()).isEqualTo(broadcast.ref());
        assertThat(review.send().name()).isEqualTo(broadcast.definition().name());
        assertThat(review.send().status()).isEqualTo(CarrierStatus.AWAITING_CONFIRMATION);
        assertThat(review.expiresAt()).isEqualTo(link.expiresAt());
        assertThat(review.preflight().counts()).isEqualTo(new AudienceCounts(25, 20, 1, 2, 2, 0));
        assertThat(review.subscriptionGroupName()).isEqualTo("grp_news");
        assertThat(review.optIn()).isTrue();
        assertThat(f.starts.email(ACME, tokenOf(link)).html()).contains("Sale");
        assertThat(f.carriers.storedConfirmations().get(0).usedAt()).isNull();
        assertThat(f.fanOuts.started()).isEmpty();
    }

    @Test
    void a_link_of_another_workspace_is_not_found_there_and_stays_unused() {
        Broadcast broadcast = drafted();
        ConfirmationLink link = f.broadcasts.handOver(ACME, broadcast.id());

        assertThatThrownBy(() -> f.starts.review(GLOBEX, tokenOf(link))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.starts.email(GLOBEX, tokenOf(link))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.starts.confirm(GLOBEX, Role.OPERATOR, tokenOf(link)))
                .isInstanceOf(NotFoundException.class);

        assertThat(f.fanOuts.started()).isEmpty();
        assertThat(f.carriers.storedConfirmations().get(0).usedAt()).isNull();
        assertThat(f.starts.confirm(ACME, Role.OPERATOR, tokenOf(link))).isEqualTo(broadcast.ref());
    }

    @Test
    void a_viewer_cannot_send_and_the_link_stays_unused_for_an_operator() {
        Broadcast broadcast = drafted();
        ConfirmationLink link = f.broadcasts.handOver(ACME, broadcast.id());

        assertThatThrownBy(() -> f.starts.confirm(ACME, Role.VIEWER, tokenOf(link)))
                .isInstanceOf(Role.RoleRefusal.class)
                .hasMessageContaining("A viewer reads and changes nothing here");

        assertThat(f.fanOuts.started()).isEmpty();
        assertThat(f.carriers.storedConfirmations().get(0).usedAt()).isNull();
        assertThat(f.starts.confirm(ACME, Role.OWNER, tokenOf(link))).isEqualTo(broadcast.ref());
    }

    @Test
    void a_used_link_shows_nothing_more_and_says_it_was_used() {
        Broadcast broadcast = drafted();
        ConfirmationLink link = f.broadcasts.handOver(ACME, broadcast.id());
        f.starts.confirm(ACME, Role.OPERATOR, tokenOf(link));

        assertThatThrownBy(() -> f.starts.review(ACME, tokenOf(link)))
                .isInstanceOfSatisfying(
                        ConfirmationRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConfirmationRefusedException.Reason.USED));
        assertThatThrownBy(() -> f.starts.email(ACME, tokenOf(link))).isInstanceOf(ConfirmationRefusedException.class);
    }

    @Test
    void an_unknown_or_malformed_token_is_not_found() {
        drafted();
        String unknown = "cfm_" + "A".repeat(43);

        assertThatThrownBy(() -> f.starts.confirm(ACME, Role.OPERATOR, unknown))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("confirmation link was not found");
        assertThatThrownBy(() -> f.starts.confirm(ACME, Role.OPERATOR, "../../etc"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.starts.review(ACME, null)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_handover_is_refused_once_the_broadcast_is_scheduled() {
        Broadcast broadcast = drafted();
        f.broadcasts.schedule(ACME, broadcast.id(), NOW.plusSeconds(60));

        assertThatThrownBy(() -> f.broadcasts.handOver(ACME, broadcast.id()))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(f.carriers.storedConfirmations()).isEmpty();
    }

    @Test
    void results_are_the_broadcasts_own() {
        Broadcast broadcast = drafted();
        SendResults counted = new SendResults(1, 5, 0, 2, Map.of("unsubscribed", 2L));
        f.carrierSends.results(broadcast.ref(), counted);

        assertThat(f.broadcasts.results(ACME, broadcast.id())).isEqualTo(counted);
        assertThat(f.broadcasts.results(ACME, drafted().id())).isEqualTo(SendResults.NONE);
    }
}
