package io.segmentflow.domain.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorEmailTest {
    @Test
    void an_address_is_kept_in_lower_case_without_surrounding_spaces() {
        assertThat(new OperatorEmail("  Ada.Lovelace@Example.COM ").value()).isEqualTo("ada.lovelace@example.com");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "no-at-sign",
                "two@at@signs",
                "@example.com",
                "name@",
                "with space@example.com",
                "line\r\nbreak@example.com",
                "Name <name@example.com>",
                "colon:name@example.com"
            })
    void anything_but_a_plain_address_is_refused(String address) {
        assertThatThrownBy(() -> new OperatorEmail(address))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("email address");
    }

    @Test
    void an_address_longer_than_an_email_address_can_be_is_refused() {
        String longest = "a".repeat(OperatorEmail.MAX_LENGTH - "@example.com".length()) + "@example.com";

        assertThat(new OperatorEmail(longest).value()).hasSize(OperatorEmail.MAX_LENGTH);
        assertThatThrownBy(() -> new OperatorEmail("a" + longest))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("at most 254");
    }
}
