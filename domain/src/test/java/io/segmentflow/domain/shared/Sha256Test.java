package io.segmentflow.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void utf8_digest_matches_the_published_test_vector() {
        assertThat(Sha256.ofUtf8("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void texts_that_differ_only_in_unpaired_surrogates_digest_apart() {
        // Both encode to the same UTF-8 bytes ("?"), so a byte digest would call them equal.
        assertThat(Sha256.ofChars("\ud800")).isNotEqualTo(Sha256.ofChars("\udc00"));
        assertThat(Sha256.ofUtf8("\ud800")).isEqualTo(Sha256.ofUtf8("\udc00"));
    }

    @Test
    void long_texts_are_digested_whole() {
        String text = "x".repeat(10_000);

        assertThat(Sha256.ofChars(text))
                .isNotEqualTo(Sha256.ofChars(text + "y"))
                .hasSize(64);
    }
}
