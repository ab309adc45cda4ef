package io.segmentflow.application.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {
    private static final double NO_JITTER = 0.0;

    @Test
    void the_defaults_retry_after_a_minute_then_at_most_hourly_for_four_days() {
        assertThat(DeliverySettings.DEFAULTS.retryPolicy().waitAfter(1, NO_JITTER))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(DeliverySettings.DEFAULTS.retryPolicy().waitAfter(8, NO_JITTER))
                .isEqualTo(Duration.ofHours(1));
        assertThat(DeliverySettings.DEFAULTS.lifetime()).isEqualTo(Duration.ofDays(4));
        // Hourly for four days is about a hundred attempts: the ceiling must not cut the lifetime short.
        assertThat(DeliverySettings.DEFAULTS.maxAttempts()).isGreaterThan(4 * 24 + 10);
    }

    @Test
    void settings_without_a_lease_a_batch_an_attempt_or_a_lifetime_are_refused() {
        assertThatThrownBy(() -> new DeliverySettings(
                        Duration.ofMinutes(2), 20, 8, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(
                        Duration.ofMinutes(2), 20, 8, Duration.ofHours(2), Duration.ofHours(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(
                        Duration.ZERO, 20, 8, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(
                        Duration.ofMinutes(2), 0, 8, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(
                        Duration.ofMinutes(2), 20, 0, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
