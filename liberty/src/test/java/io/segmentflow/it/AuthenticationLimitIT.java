package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Failed authentications are limited per client address: beyond the limit the address gets 429 with
 * {@code Retry-After}, even for a right key, while callers elsewhere with valid keys go on as before.
 */
class AuthenticationLimitIT {
    private static final int BURST = Integer.parseInt(ItServer.setting("SEGMENTFLOW_AUTH_FAILURES_BURST"));

    @Test
    void wrong_keys_beyond_the_limit_get_429_with_retry_after_and_valid_keys_elsewhere_are_not_slowed() {
        LoopbackClient guesser = LoopbackClient.atFreshAddress();
        for (int i = 0; i < BURST - 1; i++) {
            assertThat(guesser.get("/api/v1/templates", wrongKey(i)).status())
                    .as("failure %d", i + 1)
                    .isEqualTo(401);
        }
        assertThat(guesser.get("/api/v1/templates", Api.BOOTSTRAP_KEY).status())
                .as("a valid key takes nothing from the limit")
                .isEqualTo(200);
        assertThat(guesser.get("/api/v1/templates", wrongKey(BURST)).status())
                .as("the last failure allowed")
                .isEqualTo(401);

        LoopbackClient.Reply refused = guesser.get("/api/v1/templates", wrongKey(BURST + 1));
        LoopbackClient.Reply rightGuess = guesser.get("/api/v1/templates", Api.BOOTSTRAP_KEY);
        Api.Reply elsewhere = Api.withBootstrapKey().get("/api/v1/templates");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().getString("error")).isEqualTo("too_many_requests");
        assertThat(refused.json().getInt("status")).isEqualTo(429);
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 60);
        assertThat(rightGuess.status())
                .as("a right guess is not even looked up: " + rightGuess)
                .isEqualTo(429);
        assertThat(elsewhere.status()).as("another address is not limited").isEqualTo(200);

        Api.sleep(retryAfter * 1000L + 200);
        assertThat(guesser.get("/api/v1/templates", Api.BOOTSTRAP_KEY).status())
                .as("after Retry-After")
                .isEqualTo(200);
    }

    @Test
    void many_valid_requests_from_one_address_are_never_limited() {
        LoopbackClient backend = LoopbackClient.atFreshAddress();

        for (int i = 0; i < 3 * BURST; i++) {
            assertThat(backend.get("/api/v1/templates", Api.BOOTSTRAP_KEY).status())
                    .isEqualTo(200);
        }
    }

    private static String wrongKey(int i) {
        return "sf_wrong_guess_" + i + "_" + System.nanoTime();
    }
}
