package io.segmentflow.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.workspace.WorkspaceId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretStrengthTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void every_generated_key_matches_the_standard_it_sets() {
        for (int i = 0; i < 2000; i++) {
            String secret = ApiKey.generateBootstrap(new WorkspaceId("ws_1"), Instant.EPOCH)
                    .secret();

            assertThat(SecretStrength.of(secret).matchesAGeneratedKey())
                    .as(secret)
                    .isTrue();
        }
    }

    @Test
    void the_secrets_the_readme_suggests_always_pass() {
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[40];
            RANDOM.nextBytes(bytes);
            String hex = HexFormat.of().formatHex(bytes);
            bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String base64 = java.util.Base64.getEncoder().encodeToString(bytes);

            assertThat(SecretStrength.of(hex).matchesAGeneratedKey())
                    .as("openssl rand -hex 40: " + hex)
                    .isTrue();
            assertThat(SecretStrength.of(hex.toUpperCase()).matchesAGeneratedKey())
                    .as(hex.toUpperCase())
                    .isTrue();
            assertThat(SecretStrength.of(base64).matchesAGeneratedKey())
                    .as("openssl rand -base64 32: " + base64)
                    .isTrue();
        }
    }

    @Test
    void bits_per_character_follow_the_character_classes_used() {
        // 40 different-looking characters each time: only the alphabet changes.
        assertThat(SecretStrength.of("3387500474" + "3957551313" + "7353799075" + "1163726516")
                        .bits())
                .isEqualTo((int) Math.floor(40 * log2(10)));
        assertThat(SecretStrength.of("omxcxffeae" + "sozuettpvl" + "erreaazxud" + "qxenggaigj")
                        .bits())
                .isEqualTo((int) Math.floor(40 * log2(26)));
        assertThat(SecretStrength.of("3a87f0047e" + "39c7551b13" + "7d5379a075" + "1163e26f16")
                        .bits())
                .isEqualTo((int) Math.floor(40 * log2(16)));
        assertThat(SecretStrength.of("qmZxw4kRtp" + "hJg7dsNbyL" + "cu2oiAqzMw" + "xV9rpTjhGf")
                        .bits())
                .isEqualTo((int) Math.floor(40 * log2(62)));
        assertThat(SecretStrength.of("qmZxw4kRtp" + "hJg7dsNbyL" + "cu2oiAqzMw" + "xV9rpTjh_f")
                        .bits())
                .isEqualTo((int) Math.floor(40 * log2(94)));
    }

    @Test
    void runs_steps_and_repeats_add_next_to_nothing() {
        assertThat(SecretStrength.of("z".repeat(200)).bits()).isEqualTo((int) Math.floor(2 * log2(26)));
        assertThat(SecretStrength.of("abcdefghijklmnopqrstuvwxyz").bits()).isEqualTo((int) Math.floor(2 * log2(26)));
        assertThat(SecretStrength.of("9630").bits()).isEqualTo((int) Math.floor(2 * log2(10)));
        // The second copy of a pattern counts only where it joins the first.
        String random = "Xk3_pQ9zLm2vR7tW";
        assertThat(SecretStrength.of(random + random).bits())
                .isLessThanOrEqualTo((int) Math.floor((random.length() + 2) * log2(94)));
        assertThat(SecretStrength.of(random + random).matchesAGeneratedKey()).isFalse();
    }

    @Test
    void a_hexadecimal_key_counts_four_bits_a_character() {
        // 60 hex characters look like 310 bits of lower-case letters and digits, but hold 240.
        assertThat(SecretStrength.of("3a87f0047e39c7551b137d5379a0751163e26f16b9d2c04e8a5f1d3c7e90")
                        .bits())
                .isLessThanOrEqualTo(60 * 4);
        assertThat(SecretStrength.of("sf_it_0123456789abcdef0123456789abcdef").matchesAGeneratedKey())
                .isFalse();
    }

    @Test
    void a_character_outside_visible_ascii_is_refused() {
        assertThatThrownBy(() -> SecretStrength.of("abc def")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretStrength.of("caf\u00e9-secret")).isInstanceOf(IllegalArgumentException.class);
    }

    private static double log2(int n) {
        return Math.log(n) / Math.log(2);
    }
}
