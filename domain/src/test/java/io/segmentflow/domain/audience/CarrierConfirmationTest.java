package io.segmentflow.domain.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.Sha256;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CarrierConfirmationTest {
    private static final CarrierRef BROADCAST = new CarrierRef(new WorkspaceId("ws_1"), CarrierType.BROADCAST, "brd_1");

    private Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

    private void advance(Duration duration) {
        clock = Clock.offset(clock, duration);
    }

    @Test
    void a_token_is_random_and_stored_only_as_its_digest() {
        CarrierConfirmation.Issued first = CarrierConfirmation.issue(BROADCAST, clock.instant());
        CarrierConfirmation.Issued second = CarrierConfirmation.issue(BROADCAST, clock.instant());

        assertThat(first.token()).isNotEqualTo(second.token());
        assertThat(CarrierConfirmation.looksLikeToken(first.token())).isTrue();
        assertThat(first.confirmation().tokenHash())
                .isEqualTo(Sha256.ofUtf8(first.token()))
                .isEqualTo(CarrierConfirmation.hashOf(first.token()))
                .doesNotContain(first.token());
        assertThat(first.confirmation().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
    }

    @Test
    void it_confirms_once() {
        CarrierConfirmation confirmation =
                CarrierConfirmation.issue(BROADCAST, clock.instant()).confirmation();
        advance(Duration.ofMinutes(5));

        confirmation.redeem(clock.instant());
        assertThat(confirmation.usedAt()).isEqualTo(clock.instant());

        assertThatThrownBy(() -> confirmation.redeem(clock.instant()))
                .isInstanceOfSatisfying(
                        ConfirmationRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConfirmationRefusedException.Reason.USED));
    }

    @Test
    void it_expires_after_fifteen_minutes() {
        CarrierConfirmation confirmation =
                CarrierConfirmation.issue(BROADCAST, clock.instant()).confirmation();

        advance(Duration.ofMinutes(15).minusNanos(1000));
        confirmation.requireUsable(clock.instant());

        advance(Duration.ofNanos(1000));
        assertThatThrownBy(() -> confirmation.redeem(clock.instant()))
                .isInstanceOfSatisfying(
                        ConfirmationRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConfirmationRefusedException.Reason.EXPIRED));
        assertThat(confirmation.usedAt()).isNull();
    }

    @Test
    void garbage_is_not_taken_for_a_token() {
        assertThat(CarrierConfirmation.looksLikeToken(null)).isFalse();
        assertThat(CarrierConfirmation.looksLikeToken("cfm_short")).isFalse();
        assertThat(CarrierConfirmation.looksLikeToken("cfm_" + "a".repeat(42) + "/"))
                .isFalse();
        assertThat(CarrierConfirmation.looksLikeToken("xyz_" + "a".repeat(43))).isFalse();
    }
}
