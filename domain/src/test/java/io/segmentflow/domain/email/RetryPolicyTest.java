package io.segmentflow.domain.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final double NO_JITTER = 0.0;
    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(4), 8);
    private static final Instant ACCEPTED = Instant.parse("2026-01-05T09:00:00Z");

    @Test
    void the_wait_doubles_with_each_attempt() {
        assertThat(policy.waitAfter(1, NO_JITTER)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.waitAfter(2, NO_JITTER)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.waitAfter(3, NO_JITTER)).isEqualTo(Duration.ofMinutes(4));
        assertThat(policy.waitAfter(4, NO_JITTER)).isEqualTo(Duration.ofMinutes(8));
        assertThat(policy.waitAfter(6, NO_JITTER)).isEqualTo(Duration.ofMinutes(32));
    }

    @Test
    void the_wait_is_capped_at_the_longest_retry() {
        assertThat(policy.waitAfter(7, NO_JITTER)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.waitAfter(8, NO_JITTER)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.waitAfter(1_000, NO_JITTER)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.waitAfter(Integer.MAX_VALUE, NO_JITTER)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void no_attempt_yet_waits_the_first_retry() {
        assertThat(policy.waitAfter(0, NO_JITTER)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void jitter_only_shortens_the_wait_and_by_at_most_a_fifth() {
        for (int attempts = 1; attempts <= 10; attempts++) {
            Duration full = policy.waitAfter(attempts, NO_JITTER);
            for (double jitter = 0.0; jitter < 1.0; jitter += 0.05) {
                Duration jittered = policy.waitAfter(attempts, jitter);

                assertThat(jittered).isLessThanOrEqualTo(full);
                assertThat(jittered.toMillis()).isGreaterThanOrEqualTo((long) (full.toMillis() * 0.8));
            }
        }
    }

    @Test
    void jitter_spreads_the_wait_in_proportion() {
        assertThat(policy.waitAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(54));
        assertThat(policy.waitAfter(1, 0.999_999))
                .isGreaterThan(Duration.ofSeconds(47))
                .isLessThan(Duration.ofSeconds(49));
        assertThat(policy.waitAfter(20, 0.5)).isEqualTo(Duration.ofMinutes(54));
    }

    @Test
    void the_wait_is_never_zero() {
        RetryPolicy tiny = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1), 1);

        assertThat(tiny.waitAfter(1, 0.99)).isPositive();
    }

    @Test
    void within_its_lifetime_a_failed_send_is_retried_after_the_wait() {
        Instant now = ACCEPTED.plus(Duration.ofMinutes(3));

        assertThat(policy.nextAttempt(ACCEPTED, now, 2, NO_JITTER)).contains(now.plus(Duration.ofMinutes(2)));
    }

    @Test
    void the_last_retry_is_made_when_the_lifetime_ends_not_after() {
        Instant end = ACCEPTED.plus(Duration.ofDays(4));
        Instant now = end.minus(Duration.ofMinutes(10));

        assertThat(policy.nextAttempt(ACCEPTED, now, 7, NO_JITTER)).contains(end);
    }

    @Test
    void once_the_lifetime_is_over_a_send_is_not_retried() {
        Instant end = ACCEPTED.plus(Duration.ofDays(4));

        assertThat(policy.nextAttempt(ACCEPTED, end, 7, NO_JITTER)).isEmpty();
        assertThat(policy.nextAttempt(ACCEPTED, end.plusSeconds(1), 7, NO_JITTER))
                .isEmpty();
    }

    @Test
    void the_attempt_ceiling_stops_retries_within_the_lifetime() {
        assertThat(policy.nextAttempt(ACCEPTED, ACCEPTED.plusSeconds(60), 8, NO_JITTER))
                .isEmpty();
        assertThat(policy.nextAttempt(ACCEPTED, ACCEPTED.plusSeconds(60), 7, NO_JITTER))
                .isPresent();
    }

    @Test
    void a_jitter_outside_a_fraction_is_refused() {
        assertThatThrownBy(() -> policy.waitAfter(1, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.waitAfter(1, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_policy_without_a_wait_a_lifetime_or_an_attempt_is_refused() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ZERO, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofHours(2), Duration.ofHours(1), Duration.ofDays(1), 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofHours(1), Duration.ofDays(1), 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
