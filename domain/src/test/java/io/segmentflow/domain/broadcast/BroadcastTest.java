package io.segmentflow.domain.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BroadcastTest {
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_1");
    private static final BroadcastDefinition SPRING_SALE = new BroadcastDefinition(
            "Spring sale", CarrierContent.ofTemplate("tpl_sale", null), "seg_buyers", "grp_news", null);
    private static final CarrierLifecycle.Pinned PINNED =
            new CarrierLifecycle.Pinned("tsn_1", Mailbox.parse("Shop <shop@acme.test>"));

    private Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

    private Instant now() {
        return clock.instant();
    }

    private void advance(Duration duration) {
        clock = Clock.offset(clock, duration);
    }

    private Broadcast draft() {
        return Broadcast.draft(WORKSPACE, SPRING_SALE, now());
    }

    @Test
    void a_draft_names_its_audience_and_itself_as_a_carrier() {
        Broadcast broadcast = draft();

        assertThat(broadcast.status()).isEqualTo(CarrierStatus.DRAFT);
        assertThat(broadcast.id()).startsWith("brd_");
        assertThat(broadcast.audience()).isEqualTo(new AudienceSpec("seg_buyers", "grp_news"));
        assertThat(broadcast.ref().type()).isEqualTo(CarrierType.BROADCAST);
        assertThat(broadcast.ref().workspaceId()).isEqualTo(WORKSPACE);
    }

    @Test
    void only_a_draft_is_edited() {
        Broadcast broadcast = draft();
        BroadcastDefinition renamed =
                new BroadcastDefinition("Summer sale", SPRING_SALE.content(), "seg_buyers", "grp_news", null);
        broadcast.edit(renamed, now());
        assertThat(broadcast.definition().name()).isEqualTo("Summer sale");

        broadcast.schedule(now().plus(Duration.ofHours(1)), now());

        assertThatThrownBy(() -> broadcast.edit(SPRING_SALE, now()))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("scheduled and cannot be edited");
        assertThat(broadcast.definition().name()).isEqualTo("Summer sale");
    }

    @Test
    void it_is_scheduled_only_for_the_future() {
        Broadcast broadcast = draft();

        assertThatThrownBy(() -> broadcast.schedule(now(), now()))
                .isInstanceOfSatisfying(
                        InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("sendAt"));
        assertThatThrownBy(() -> broadcast.schedule(now().minusSeconds(1), now()))
                .isInstanceOf(InvalidValueException.class);
        assertThat(broadcast.status()).isEqualTo(CarrierStatus.DRAFT);

        broadcast.schedule(now().plusSeconds(1), now());
        assertThat(broadcast.status()).isEqualTo(CarrierStatus.SCHEDULED);
    }

    @Test
    void a_scheduled_broadcast_starts_when_its_time_has_come_and_not_before() {
        Broadcast broadcast = draft();
        Instant sendAt = now().plus(Duration.ofMinutes(30));
        broadcast.schedule(sendAt, now());

        advance(Duration.ofMinutes(29));
        assertThat(broadcast.lifecycle().isDue(now())).isFalse();
        assertThatThrownBy(() -> broadcast.startScheduled(PINNED, now()))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("not due yet");

        advance(Duration.ofMinutes(1));
        assertThat(broadcast.lifecycle().isDue(now())).isTrue();
        broadcast.startScheduled(PINNED, now());

        assertThat(broadcast.status()).isEqualTo(CarrierStatus.SENDING);
        assertThat(broadcast.lifecycle().pinned()).isEqualTo(PINNED);
        assertThat(broadcast.lifecycle().startedAt()).isEqualTo(now());
    }

    @Test
    void it_can_be_moved_to_another_time_while_scheduled() {
        Broadcast broadcast = draft();
        broadcast.schedule(now().plus(Duration.ofHours(1)), now());
        broadcast.schedule(now().plus(Duration.ofHours(2)), now());

        assertThat(broadcast.lifecycle().sendAt()).isEqualTo(now().plus(Duration.ofHours(2)));
    }

    @Test
    void a_broadcast_handed_over_starts_only_when_confirmed() {
        Broadcast broadcast = draft();
        assertThatThrownBy(() -> broadcast.startConfirmed(PINNED, now()))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("draft and cannot be confirmed");

        broadcast.awaitConfirmation(now());
        broadcast.awaitConfirmation(now()); // a new link for an expired one
        assertThat(broadcast.status()).isEqualTo(CarrierStatus.AWAITING_CONFIRMATION);
        assertThatThrownBy(() -> broadcast.schedule(now().plusSeconds(60), now()))
                .isInstanceOf(IllegalTransitionException.class);

        broadcast.startConfirmed(PINNED, now());
        assertThat(broadcast.status()).isEqualTo(CarrierStatus.SENDING);
    }

    @Test
    void it_is_cancelled_only_before_the_fan_out_starts() {
        Broadcast scheduled = draft();
        scheduled.schedule(now().plusSeconds(60), now());
        scheduled.cancel(now());
        assertThat(scheduled.status()).isEqualTo(CarrierStatus.CANCELLED);
        advance(Duration.ofMinutes(2));
        assertThat(scheduled.lifecycle().isDue(now())).isFalse();
        assertThatThrownBy(() -> scheduled.startScheduled(PINNED, now()))
                .isInstanceOf(IllegalTransitionException.class);

        Broadcast sending = draft();
        sending.awaitConfirmation(now());
        sending.startConfirmed(PINNED, now());
        assertThatThrownBy(() -> sending.cancel(now()))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("sending and cannot be cancelled");
    }

    @Test
    void a_sending_broadcast_ends_sent_once_even_when_its_end_is_reported_again() {
        Broadcast broadcast = draft();
        broadcast.awaitConfirmation(now());
        broadcast.startConfirmed(PINNED, now());
        advance(Duration.ofMinutes(3));

        assertThat(broadcast.fannedOut(1000, now())).isTrue();
        Instant finished = now();
        advance(Duration.ofMinutes(1));
        assertThat(broadcast.fannedOut(1000, now())).isFalse();

        assertThat(broadcast.status()).isEqualTo(CarrierStatus.SENT);
        assertThat(broadcast.lifecycle().written()).isEqualTo(1000);
        assertThat(broadcast.lifecycle().finishedAt()).isEqualTo(finished);
        assertThatThrownBy(() -> broadcast.fail("late", now())).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> broadcast.schedule(now().plusSeconds(60), now()))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("sent and cannot be scheduled");
    }

    @Test
    void a_draft_is_never_marked_sent_or_failed() {
        Broadcast broadcast = draft();

        assertThatThrownBy(() -> broadcast.fannedOut(1, now())).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> broadcast.fail("x", now())).isInstanceOf(IllegalTransitionException.class);
        assertThat(broadcast.status()).isEqualTo(CarrierStatus.DRAFT);
    }

    @Test
    void a_failed_fan_out_keeps_its_first_reason() {
        Broadcast broadcast = draft();
        broadcast.awaitConfirmation(now());
        broadcast.startConfirmed(PINNED, now());

        assertThat(broadcast.fail("the database went away", now())).isTrue();
        assertThat(broadcast.fail("again", now())).isFalse();

        assertThat(broadcast.status()).isEqualTo(CarrierStatus.FAILED);
        assertThat(broadcast.lifecycle().failureReason()).isEqualTo("the database went away");
    }

    @Test
    void a_duplicate_is_a_new_draft_whatever_the_original_became() {
        Broadcast original = draft();
        original.awaitConfirmation(now());
        original.startConfirmed(PINNED, now());
        original.fannedOut(3, now());

        Broadcast copy = original.duplicate(original.definition(), now());

        assertThat(copy.id()).isNotEqualTo(original.id());
        assertThat(copy.status()).isEqualTo(CarrierStatus.DRAFT);
        assertThat(copy.definition()).isEqualTo(original.definition());
        assertThat(copy.lifecycle().pinned()).isNull();
    }

    @Test
    void a_definition_refuses_a_missing_group_and_a_subject_with_a_line_break() {
        assertThatThrownBy(() -> new BroadcastDefinition("x", SPRING_SALE.content(), null, " ", null))
                .isInstanceOfSatisfying(
                        InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("subscriptionGroupId"));
        assertThatThrownBy(() -> CarrierContent.ofTemplate("tpl_1", "Hi\r\nBcc: all@example.com"))
                .isInstanceOfSatisfying(
                        InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("subject"));
        assertThatThrownBy(() -> new BroadcastDefinition("x".repeat(201), SPRING_SALE.content(), null, "g", null))
                .isInstanceOf(InvalidValueException.class);
    }
}
