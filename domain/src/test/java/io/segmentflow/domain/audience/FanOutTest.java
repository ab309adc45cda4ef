package io.segmentflow.domain.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.email.AudienceLink;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FanOutTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final CarrierRef BROADCAST = new CarrierRef(new WorkspaceId("ws_1"), CarrierType.BROADCAST, "bc_1");
    private static final Mailbox FROM = new Mailbox(EmailAddress.of("news@acme.test"), "Acme News");
    private static final FanOutPlan PLAN =
            new FanOutPlan(BROADCAST, new AudienceSpec("seg_1", "sg_news"), "tpl_1", "tsn_7", FROM, "Our news");
    private static final FanOut OPT_IN = new FanOut(PLAN, group(true));
    private static final FanOut OPT_OUT = new FanOut(PLAN, group(false));

    private static SubscriptionGroup group(boolean optIn) {
        return new SubscriptionGroup("sg_news", BROADCAST.workspaceId(), "News", null, optIn, NOW, NOW);
    }

    @Test
    void an_eligible_member_gets_a_queued_audience_send_of_the_plan_linked_to_the_carrier() {
        EmailSend send = OPT_IN.sendTo(member(ConsentStatus.SUBSCRIBED, false), "em_1", NOW);

        assertThat(send.status()).isEqualTo(EmailSendStatus.QUEUED);
        assertThat(send.isClaimable(NOW)).isTrue();
        assertThat(send.details().priority()).isEqualTo(SendPriority.AUDIENCE);
        assertThat(send.details().to().address()).isEqualTo(EmailAddress.of("ada@example.test"));
        assertThat(send.details().profileId()).isEqualTo("pr_ada");
        assertThat(send.details().templateSnapshotId()).isEqualTo("tsn_7");
        assertThat(send.details().from()).isEqualTo(FROM);
        assertThat(send.details().subject()).isEqualTo("Our news");
        assertThat(send.details().messageId()).isEqualTo("<em_1@acme.test>");
        assertThat(send.details().audience()).isEqualTo(new AudienceLink("sg_news", BROADCAST));
    }

    @Test
    void a_member_who_must_not_be_mailed_gets_a_skipped_send_that_says_why_and_is_never_claimed() {
        EmailSend send = OPT_IN.sendTo(member(ConsentStatus.UNSUBSCRIBED, false), "em_1", NOW);

        assertThat(send.status()).isEqualTo(EmailSendStatus.SKIPPED);
        assertThat(send.isClaimable(NOW.plusSeconds(3600))).isFalse();
        assertThat(send.attempts()).isZero();
        assertThat(send.progress().failureMessage()).startsWith("unsubscribed: ");
        assertThat(send.details().audience().carrier()).isEqualTo(BROADCAST);
    }

    @Test
    void reasons_come_in_the_order_preflight_counts_them() {
        assertThat(OPT_IN.exclusionOf(member(ConsentStatus.UNSUBSCRIBED, true))).contains(Exclusion.SUPPRESSED);
        assertThat(OPT_IN.exclusionOf(member(ConsentStatus.NEVER, true))).contains(Exclusion.SUPPRESSED);
        assertThat(OPT_IN.exclusionOf(member(ConsentStatus.UNSUBSCRIBED, false)))
                .contains(Exclusion.UNSUBSCRIBED);
        assertThat(OPT_IN.exclusionOf(new AudienceMember("pr_x", null, ConsentStatus.UNSUBSCRIBED, true)))
                .contains(Exclusion.NO_ADDRESS);
    }

    @Test
    void never_subscribed_keeps_a_member_out_of_an_opt_in_group_only() {
        assertThat(OPT_IN.exclusionOf(member(ConsentStatus.NEVER, false))).contains(Exclusion.NEVER_SUBSCRIBED);
        assertThat(OPT_OUT.exclusionOf(member(ConsentStatus.NEVER, false))).isEmpty();
        assertThat(OPT_OUT.exclusionOf(member(ConsentStatus.UNSUBSCRIBED, false)))
                .contains(Exclusion.UNSUBSCRIBED);
    }

    @Test
    void a_plan_is_fanned_out_under_its_own_group_only() {
        SubscriptionGroup other =
                new SubscriptionGroup("sg_other", BROADCAST.workspaceId(), "Other", null, true, NOW, NOW);

        assertThatThrownBy(() -> new FanOut(PLAN, other)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_member_without_an_address_gets_a_skipped_send_with_no_recipient_that_says_why() {
        EmailSend send = OPT_IN.sendTo(new AudienceMember("pr_x", null, ConsentStatus.SUBSCRIBED, false), "em_1", NOW);

        assertThat(send.status()).isEqualTo(EmailSendStatus.SKIPPED);
        assertThat(send.details().to()).isNull();
        assertThat(send.recipients()).isEmpty();
        assertThat(send.isClaimable(NOW.plusSeconds(3600))).isFalse();
        assertThat(send.progress().failureMessage()).startsWith("no_address: ");
        assertThat(send.details().profileId()).isEqualTo("pr_x");
        assertThat(send.details().audience().carrier()).isEqualTo(BROADCAST);
    }

    private static AudienceMember member(ConsentStatus consent, boolean suppressed) {
        return new AudienceMember("pr_ada", EmailAddress.of("ada@example.test"), consent, suppressed);
    }
}
