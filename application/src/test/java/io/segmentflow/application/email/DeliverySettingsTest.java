package io.segmentflow.application.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {
    private static final double NO_JITTER = 0.0;
    private final DeliverySettings settings =
            new DeliverySettings(Duration.ofMinutes(2), 20, 8, Duration.ofMinutes(1), Duration.ofHours(1),
                    Duration.ofDays(4));
    private static final Instant ACCEPTED = Instant.parse("2026-01-05T09:00:00Z");

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
        DeliverySettings tiny = new DeliverySettings(Duration.ofSeconds(1), 1, 1, Duration.ofMillis(1),
                Duration.ofMillis(1), Duration.ofSeconds(1));

        assertThat(tiny.retryDelay(1, 0.99)).isPositive();
    }

    @Test
    void the_defaults_retry_after_a_minute_then_at_most_hourly_for_four_days() {
        assertThat(DeliverySettings.DEFAULTS.retryDelay(1, NO_JITTER)).isEqualTo(Duration.ofMinutes(1));
        assertThat(DeliverySettings.DEFAULTS.retryDelay(8, NO_JITTER)).isEqualTo(Duration.ofHours(1));
        assertThat(DeliverySettings.DEFAULTS.lifetime()).isEqualTo(Duration.ofDays(4));
        // Hourly for four days is about a hundred attempts: the ceiling must not cut the lifetime short.
        assertThat(DeliverySettings.DEFAULTS.maxAttempts()).isGreaterThan(4 * 24 + 10);
    }

    @Test
    void within_its_lifetime_a_failed_send_is_retried_after_the_wait() {
        Instant now = ACCEPTED.plus(Duration.ofMinutes(3));

        assertThat(settings.nextAttempt(ACCEPTED, now, 2, NO_JITTER)).contains(now.plus(Duration.ofMinutes(2)));
    }

    @Test
    void the_last_retry_is_made_when_the_lifetime_ends_not_after() {
        Instant end = ACCEPTED.plus(Duration.ofDays(4));
        Instant now = end.minus(Duration.ofMinutes(10));

        assertThat(settings.nextAttempt(ACCEPTED, now, 7, NO_JITTER)).contains(end);
    }

    @Test
    void once_the_lifetime_is_over_a_send_is_not_retried() {
        Instant end = ACCEPTED.plus(Duration.ofDays(4));

        assertThat(settings.nextAttempt(ACCEPTED, end, 7, NO_JITTER)).isEmpty();
        assertThat(settings.nextAttempt(ACCEPTED, end.plusSeconds(1), 7, NO_JITTER)).isEmpty();
    }

    @Test
    void the_attempt_ceiling_stops_retries_within_the_lifetime() {
        assertThat(settings.nextAttempt(ACCEPTED, ACCEPTED.plusSeconds(60), 8, NO_JITTER)).isEmpty();
        assertThat(settings.nextAttempt(ACCEPTED, ACCEPTED.plusSeconds(60), 7, NO_JITTER)).isPresent();
    }

    @Test
    void settings_without_a_lease_a_batch_an_attempt_or_a_lifetime_are_refused() {
        assertThatThrownBy(() -> new DeliverySettings(Duration.ofMinutes(2), 20, 8, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(Duration.ofMinutes(2), 20, 8, Duration.ofHours(2),
                Duration.ofHours(1), Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(Duration.ZERO, 20, 8, Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(Duration.ofMinutes(2), 0, 8, Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(Duration.ofMinutes(2), 20, 0, Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
