package io.segmentflow.domain.operator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    private static final OperatorEmail EMAIL = new OperatorEmail("ada@example.com");

    @Test
    void a_long_passphrase_of_any_characters_passes() {
        assertThatCode(() -> PasswordPolicy.check("correct horse battery staple", EMAIL))
                .doesNotThrowAnyException();
        assertThatCode(() -> PasswordPolicy.check("pässwörter-über-alles", EMAIL))
                .doesNotThrowAnyException();
    }

    @Test
    void fewer_than_twelve_characters_are_refused_counting_characters_not_bytes() {
        assertThatThrownBy(() -> PasswordPolicy.check("short-pass1", EMAIL))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("must be at least 12 characters");
        assertThatCode(() -> PasswordPolicy.check("ääääbbbbcdef", EMAIL)).doesNotThrowAnyException();
    }

    @Test
    void more_than_two_hundred_characters_are_refused() {
        String tooLong = IntStream.range(0, 201)
                .mapToObj(i -> "abcdefghij".substring(i % 10, i % 10 + 1))
                .reduce("", String::concat);

        assertThatThrownBy(() -> PasswordPolicy.check(tooLong, EMAIL))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("must be at most 200 characters");
    }

    @Test
    void a_password_of_too_few_different_characters_is_refused() {
        assertThatThrownBy(() -> PasswordPolicy.check("abababababababab", EMAIL))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("must have at least 5 different characters");
    }

    @Test
    void control_characters_are_refused() {
        assertThatThrownBy(() -> PasswordPolicy.check("line\nbreak-password", EMAIL))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("control characters");
    }

    @Test
    void the_email_address_is_no_password() {
        assertThatThrownBy(() -> PasswordPolicy.check("ADA@example.com", EMAIL))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("must not be the email address");
    }

    @Test
    void a_generated_password_passes_the_policy_and_is_new_each_time() {
        String first = PasswordPolicy.generate();

        assertThatCode(() -> PasswordPolicy.check(first, EMAIL)).doesNotThrowAnyException();
        org.assertj.core.api.Assertions.assertThat(PasswordPolicy.generate())
                .isNotEqualTo(first)
                .hasSize(24);
    }
}
