package io.segmentflow.application.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.TooManyFailuresException;
import io.segmentflow.application.fake.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthenticationLimitTest {
    private static final String ADDRESS = "203.0.113.7";

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T10:00:00Z"));
    /** The defaults: 10 failures at once, then one a second. */
    private final AuthenticationLimit limit = AuthenticationLimit.defaults(clock);

    @Test
    void an_address_may_fail_a_burst_of_times_then_is_refused_with_the_wait_for_the_next_failure() {
        failTimes(ADDRESS, 10);

        assertThatThrownBy(() -> limit.check(ADDRESS))
                .isInstanceOf(TooManyFailuresException.class)
                .hasMessageContaining("retry after 1 seconds")
                .satisfies(e -> {
                    TooManyFailuresException refused = (TooManyFailuresException) e;
                    assertThat(refused.code()).isEqualTo("too_many_requests");
                    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                });
    }

    @Test
    void failures_refill_at_the_rate_so_guessing_is_no_faster_than_it() {
        failTimes(ADDRESS, 10);

        clock.advance(Duration.ofMillis(400));
        assertThatThrownBy(() -> limit.check(ADDRESS))
                .extracting(e -> ((TooManyFailuresException) e).retryAfter())
                .isEqualTo(Duration.ofMillis(600));
        clock.advance(Duration.ofMillis(600));
        assertThatCode(() -> limit.check(ADDRESS)).doesNotThrowAnyException();
        limit.failed(ADDRESS);
        assertThatThrownBy(() -> limit.check(ADDRESS)).isInstanceOf(TooManyFailuresException.class);

        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 10; i++) {
            assertThatCode(() -> limit.check(ADDRESS))
                    .as("failure %d after a full refill", i)
                    .doesNotThrowAnyException();
            limit.failed(ADDRESS);
        }
        assertThatThrownBy(() -> limit.check(ADDRESS)).isInstanceOf(TooManyFailuresException.class);
    }

    @Test
    void an_occasional_failure_never_adds_up_to_a_refusal() {
        for (int i = 0; i < 1000; i++) {
            assertThatCode(() -> limit.check(ADDRESS)).doesNotThrowAnyException();
            limit.failed(ADDRESS);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void each_address_has_its_own_limit() {
        failTimes(ADDRESS, 10);

        assertThatCode(() -> limit.check("198.51.100.20")).doesNotThrowAnyException();
        assertThatCode(() -> limit.check("2001:db8::1")).doesNotThrowAnyException();
    }

    @Test
    void a_configured_rate_and_burst_are_kept() {
        AuthenticationLimit strict = new AuthenticationLimit(2, 6, 100, clock);

        failTimes(strict, ADDRESS, 2);

        assertThatThrownBy(() -> strict.check(ADDRESS))
                .extracting(e -> ((TooManyFailuresException) e).retryAfter())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void memory_is_bounded_however_many_addresses_fail() {
        AuthenticationLimit small = new AuthenticationLimit(10, 60, 100, clock);

        for (int i = 0; i < 100_000; i++) {
            failTimes(small, "10.0." + (i / 256) + "." + (i % 256), 1);
        }

        assertThat(small.addresses()).isLessThanOrEqualTo(100);
    }

    @Test
    void when_full_an_address_whose_failures_refilled_goes_first_then_the_one_quiet_longest() {
        AuthenticationLimit small = new AuthenticationLimit(2, 60, 3, clock);
        failTimes(small, "a", 2);
        clock.advance(Duration.ofSeconds(3));
        failTimes(small, "b", 2);
        clock.advance(Duration.ofMillis(50));
        failTimes(small, "c", 2);
        clock.advance(Duration.ofMillis(50));

        failTimes(small, "d", 2);

        // "a" refilled: it says nothing and makes room.
        assertThat(small.addresses()).isEqualTo(3);
        assertThatThrownBy(() -> small.check("b")).isInstanceOf(TooManyFailuresException.class);
        assertThatThrownBy(() -> small.check("c")).isInstanceOf(TooManyFailuresException.class);

        clock.advance(Duration.ofMillis(50));
        failTimes(small, "e", 2);

        // Nothing refilled: "b", quiet longest, is forgotten.
        assertThat(small.addresses()).isEqualTo(3);
        assertThatThrownBy(() -> small.check("c")).isInstanceOf(TooManyFailuresException.class);
        assertThatThrownBy(() -> small.check("e")).isInstanceOf(TooManyFailuresException.class);
        assertThatCode(() -> small.check("b")).doesNotThrowAnyException();
    }

    @Test
    void guesses_sent_in_parallel_are_each_charged_so_the_address_waits_for_all_of_them() {
        AuthenticationLimit two = new AuthenticationLimit(2, 60, 100, clock);

        for (int i = 0; i < 5; i++) {
            two.check(ADDRESS);
        }
        for (int i = 0; i < 5; i++) {
            two.failed(ADDRESS);
        }

        assertThatThrownBy(() -> two.check(ADDRESS))
                .extracting(e -> ((TooManyFailuresException) e).retryAfter())
                .as("two failures were left: the three beyond them and the next one refill first")
                .isEqualTo(Duration.ofSeconds(4));
        clock.advance(Duration.ofSeconds(4));
        assertThatCode(() -> two.check(ADDRESS)).doesNotThrowAnyException();
    }

    @Test
    void valid_keys_sent_at_once_in_any_number_are_never_refused() {
        AuthenticationLimit two = new AuthenticationLimit(2, 60, 100, clock);

        for (int i = 0; i < 1000; i++) {
            assertThatCode(() -> two.check(ADDRESS)).doesNotThrowAnyException();
        }
    }

    @Test
    void the_addresses_of_one_ipv6_64_share_a_limit_and_ipv4_addresses_do_not() {
        failTimes("2001:db8:1:2::1", 10);

        assertThatThrownBy(() -> limit.check("2001:db8:1:2:ffff::9")).isInstanceOf(TooManyFailuresException.class);
        assertThatThrownBy(() -> limit.check("[2001:db8:1:2::abcd]")).isInstanceOf(TooManyFailuresException.class);
        assertThatCode(() -> limit.check("2001:db8:1:3::1")).doesNotThrowAnyException();
        failTimes("203.0.113.8", 10);
        assertThatCode(() -> limit.check("203.0.113.9")).doesNotThrowAnyException();
    }

    private void failTimes(String address, int times) {
        failTimes(limit, address, times);
    }

    private static void failTimes(AuthenticationLimit limit, String address, int times) {
        for (int i = 0; i < times; i++) {
            limit.check(address);
            limit.failed(address);
        }
    }
}
