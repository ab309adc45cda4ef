package io.segmentflow.domain.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who a group's emails go to: opt-in groups need a subscription, opt-out groups only no unsubscribe. */
class SubscriptionGroupTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final SubscriptionGroup OPT_IN = SubscriptionGroup.create(ACME, "Product news", null, true, NOW);
    private static final SubscriptionGroup OPT_OUT = SubscriptionGroup.create(ACME, "Account tips", null, false, NOW);

    @Test
    void an_opt_in_group_admits_only_subscribed_profiles() {
        assertThat(OPT_IN.exclusionOf(true, false, ConsentStatus.SUBSCRIBED)).isEmpty();
        assertThat(OPT_IN.exclusionOf(true, false, ConsentStatus.NEVER)).contains(Exclusion.NEVER_SUBSCRIBED);
        assertThat(OPT_IN.exclusionOf(true, false, ConsentStatus.UNSUBSCRIBED)).contains(Exclusion.UNSUBSCRIBED);
    }

    @Test
    void an_opt_out_group_admits_every_profile_that_did_not_unsubscribe() {
        assertThat(OPT_OUT.exclusionOf(true, false, ConsentStatus.SUBSCRIBED)).isEmpty();
        assertThat(OPT_OUT.exclusionOf(true, false, ConsentStatus.NEVER)).isEmpty();
        assertThat(OPT_OUT.exclusionOf(true, false, ConsentStatus.UNSUBSCRIBED)).contains(Exclusion.UNSUBSCRIBED);
    }

    @Test
    void a_member_is_left_out_for_the_first_reason_that_holds() {
        assertThat(OPT_IN.exclusionOf(false, true, ConsentStatus.UNSUBSCRIBED)).contains(Exclusion.NO_ADDRESS);
        assertThat(OPT_IN.exclusionOf(true, true, ConsentStatus.UNSUBSCRIBED)).contains(Exclusion.SUPPRESSED);
        assertThat(OPT_OUT.exclusionOf(true, true, ConsentStatus.SUBSCRIBED)).contains(Exclusion.SUPPRESSED);
    }

    @Test
    void a_tally_counts_each_member_under_its_reason() {
        AudienceCounts counts = new AudienceTally(OPT_IN)
                .add(true, false, ConsentStatus.SUBSCRIBED, 5)
                .add(true, false, ConsentStatus.NEVER, 4)
                .add(true, false, ConsentStatus.UNSUBSCRIBED, 3)
                .add(true, true, ConsentStatus.SUBSCRIBED, 2)
                .add(false, false, ConsentStatus.SUBSCRIBED, 1)
                .counts();

        assertThat(counts).isEqualTo(new AudienceCounts(15, 5, 2, 3, 4, 1));
    }

    @Test
    void a_group_needs_a_name_of_bounded_length_and_a_bounded_description() {
        assertThatThrownBy(() -> SubscriptionGroup.create(ACME, " ", null, true, NOW))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("name");
        assertThatThrownBy(() -> SubscriptionGroup.create(ACME, "x".repeat(201), null, true, NOW))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> SubscriptionGroup.create(ACME, "News", "d".repeat(1001), true, NOW))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("description");
    }

    @Test
    void an_edit_keeps_the_id_and_the_creation_time() {
        SubscriptionGroup edited = OPT_IN.edited("Product updates", "Monthly", false, NOW.plusSeconds(60));

        assertThat(edited.id()).isEqualTo(OPT_IN.id());
        assertThat(edited.createdAt()).isEqualTo(NOW);
        assertThat(edited.updatedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(edited.optIn()).isFalse();
        assertThat(Optional.ofNullable(edited.description())).contains("Monthly");
    }

    @Test
    void consent_statuses_read_only_their_wire_names() {
        assertThat(ConsentStatus.fromWire("unsubscribed")).isEqualTo(ConsentStatus.UNSUBSCRIBED);
        assertThatThrownBy(() -> ConsentStatus.fromWire("UNSUBSCRIBED")).isInstanceOf(InvalidValueException.class);
    }
}
