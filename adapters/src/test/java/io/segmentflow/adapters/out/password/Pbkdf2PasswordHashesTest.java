package io.segmentflow.adapters.out.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class Pbkdf2PasswordHashesTest {
    private final Pbkdf2PasswordHashes hashes = new Pbkdf2PasswordHashes(1_000);

    @Test
    void a_password_matches_its_hash_and_no_other_password_does() {
        String hash = hashes.hash("correct horse battery staple");

        assertThat(hashes.matches("correct horse battery staple", hash)).isTrue();
        assertThat(hashes.matches("correct horse battery stapl", hash)).isFalse();
        assertThat(hashes.matches("Correct horse battery staple", hash)).isFalse();
        assertThat(hashes.matches("", hash)).isFalse();
    }

    @Test
    void each_hash_has_its_own_salt_and_keeps_no_trace_of_the_password() {
        String first = hashes.hash("pässwörter über alles");
        String second = hashes.hash("pässwörter über alles");

        assertThat(first).isNotEqualTo(second).doesNotContain("pässwörter");
        assertThat(hashes.matches("pässwörter über alles", first)).isTrue();
        assertThat(hashes.matches("pässwörter über alles", second)).isTrue();
    }

    @Test
    void a_hash_keeps_its_iteration_count_so_a_later_count_still_reads_it() {
        String[] parts = hashes.hash("correct horse battery staple").split(":");

        assertThat(parts[0]).isEqualTo("PBKDF2WithHmacSHA512");
        assertThat(parts[1]).isEqualTo("1000");
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(32);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(64);
        assertThat(new Pbkdf2PasswordHashes(2_000).matches("correct horse battery staple", String.join(":", parts)))
                .isTrue();
    }

    @Test
    void the_server_hashes_with_owasps_count() {
        String hash = new Pbkdf2PasswordHashes().hash("correct horse battery staple");

        assertThat(hash.split(":")[1]).isEqualTo("210000");
    }
}
