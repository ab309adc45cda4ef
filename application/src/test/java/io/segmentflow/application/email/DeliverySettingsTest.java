package io.segmentflow.application.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {
    private static final double NO_JITTER = 0.0;
    private final DeliverySettings settings =
            new DeliverySettings(Duration.ofMinutes(2), 20, 8, Duration.ofMinutes(1), Duration.ofHours(1));

    @Test
    void the_wait_doubles_with_each_attempt() {
        assertThat(settings.retryDelay(1, NO_JITTER)).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.retryDelay(2, NO_JITTER)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.retryDelay(3, NO_JITTER)).isEqualTo(Duration.ofMinutes(4));
        assertThat(settings.retryDelay(4, NO_JITTER)).isEqualTo(Duration.ofMinutes(8));
        assertThat(settings.retryDelay(6, NO_JITTER)).isEqualTo(Duration.ofMinutes(32));
    }

    @Test
    void the_wait_is_capped_at_the_longest_retry() {
        assertThat(settings.retryDelay(7, NO_JITTER)).isEqualTo(Duration.ofHours(1));
        assertThat(settings.retryDelay(8, NO_JITTER)).isEqualTo(Duration.ofHours(1));
        assertThat(settings.retryDelay(1_000, NO_JITTER)).isEqualTo(Duration.ofHours(1));
        assertThat(settings.retryDelay(Integer.MAX_VALUE, NO_JITTER)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void no_attempt_yet_waits_the_first_retry() {
        assertThat(settings.retryDelay(0, NO_JITTER)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void jitter_only_shortens_the_wait_and_by_at_most_a_fifth() {
        for (int attempts = 1; attempts <= 10; attempts++) {
            Duration full = settings.retryDelay(attempts, NO_JITTER);
            for (double jitter = 0.0; jitter < 1.0; jitter += 0.05) {
                Duration jittered = settings.retryDelay(attempts, jitter);

                assertThat(jittered).isLessThanOrEqualTo(full);
                assertThat(jittered.toMillis()).isGreaterThanOrEqualTo((long) (full.toMillis() * 0.8));
            }
        }
    }

    @Test
    void jitter_spreads_the_wait_in_proportion() {
        assertThat(settings.retryDelay(1, 0.5)).isEqualTo(Duration.ofSeconds(54));
        assertThat(settings.retryDelay(1, 0.999_999)).isGreaterThan(Duration.ofSeconds(47)).isLessThan(Duration.ofSeconds(49));
        assertThat(settings.retryDelay(20, 0.5)).isEqualTo(Duration.ofMinutes(54));
    }

    @Test
    void the_wait_is_never_zero() {
        DeliverySettings tiny = new DeliverySettings(Duration.ofSeconds(1), 1, 1, Duration.ZERO, Duration.ZERO);

        assertThat(tiny.retryDelay(1, 0.99)).isPositive();
    }

    @Test
    void the_defaults_retry_after_a_minute_and_at_most_hourly_eight_times() {
        assertThat(DeliverySettings.DEFAULTS.maxAttempts()).isEqualTo(8);
        assertThat(DeliverySettings.DEFAULTS.retryDelay(1, NO_JITTER)).isEqualTo(Duration.ofMinutes(1));
        assertThat(DeliverySettings.DEFAULTS.retryDelay(8, NO_JITTER)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void settings_without_a_lease_a_batch_or_an_attempt_are_refused() {
        assertThatThrownBy(() -> new DeliverySettings(Duration.ZERO, 20, 8, Duration.ofMinutes(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(Duration.ofMinutes(2), 0, 8, Duration.ofMinutes(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(Duration.ofMinutes(2), 20, 0, Duration.ofMinutes(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
