package io.segmentflow.domain.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"a", "order-1234:receipt", "0b8f4c1e-6a2d-4d8e-9a57-5b2f6f0c1d3a", "K~!@#$%^&*()_+{}|:\"<>?"})
    void accepts_printable_ascii_keys(String value) {
        assertThat(new IdempotencyKey(value).value()).isEqualTo(value);
    }

    @Test
    void accepts_every_printable_ascii_character() {
        String everyPrintable = IntStream.rangeClosed(0x21, 0x7e)
                .mapToObj(c -> String.valueOf((char) c))
                .collect(Collectors.joining());

        assertThat(new IdempotencyKey(everyPrintable).value()).isEqualTo(everyPrintable);
    }

    @Test
    void is_1_to_255_characters_long() {
        assertThat(new IdempotencyKey("k".repeat(255)).value()).hasSize(255);

        assertThatThrownBy(() -> new IdempotencyKey("k".repeat(256)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("at most 255");
        assertThatThrownBy(() -> new IdempotencyKey(""))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("required");
        assertThatThrownBy(() -> new IdempotencyKey(null)).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"order 1", " order", "order\r\n", "order\t1", "ordér", "order\u0000", "order\u007f", "注文"})
    void refuses_spaces_control_characters_and_non_ascii(String value) {
        assertThatThrownBy(() -> new IdempotencyKey(value))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("Idempotency-Key");
    }

    @Test
    void keys_are_case_sensitive() {
        assertThat(new IdempotencyKey("Order-1")).isNotEqualTo(new IdempotencyKey("order-1"));
    }
}
