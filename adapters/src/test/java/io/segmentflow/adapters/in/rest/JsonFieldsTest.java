package io.segmentflow.adapters.in.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.email.EmailAddress;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    private static JsonObject json(String text) {
        return JsonBody.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<FieldError> errorsOf(JsonFields fields) {
        return catchThrowableOfType(ValidationFailedException.class, fields::throwIfInvalid)
                .fieldErrors();
    }

    @Test
    void every_problem_is_collected_under_its_full_path_before_the_request_is_refused() {
        JsonFields fields = JsonFields.of(json("{\"to\": {\"email\": 5, \"nmae\": \"Ada\"}, \"subjet\": \"Hi\"}"))
                .allowOnly(Set.of("to"));
        JsonFields to = fields.object("to", true).allowOnly(Set.of("email", "name"));
        to.string("email", true);
        fields.string("templateId", true);

        assertThat(errorsOf(fields))
                .containsExactly(
                        new FieldError("subjet", "is not a known field"),
                        new FieldError("to.nmae", "is not a known field"),
                        new FieldError("to.email", "must be a string"),
                        new FieldError("templateId", "is required"));
    }

    @Test
    void null_counts_as_absent() {
        JsonFields fields = JsonFields.of(json("{\"subject\": null, \"to\": null, \"cc\": null}"));

        assertThat(fields.has("subject")).isFalse();
        assertThat(fields.string("subject", false)).isNull();
        assertThat(fields.object("to", false)).isNull();
        assertThat(fields.strings("cc")).isEmpty();
        assertThat(fields.objectText("data")).isEqualTo("{}");
        assertThat(fields.hasErrors()).isFalse();
        fields.string("to", true);
        assertThat(errorsOf(fields)).containsExactly(new FieldError("to", "is required"));
    }

    @Test
    void a_string_with_the_nul_character_is_refused_as_no_column_or_header_can_hold_it() {
        JsonFields fields =
                JsonFields.of(json("{\"subject\": \"a\\u0000b\", \"cc\": [\"a@x.test\", \"b\\u0000@x.test\"]}"));

        assertThat(fields.string("subject", false)).isNull();
        assertThat(fields.strings("cc")).containsExactly("a@x.test");
        assertThat(errorsOf(fields))
                .containsExactly(
                        new FieldError("subject", "must not contain the NUL character"),
                        new FieldError("cc[1]", "must not contain the NUL character"));
    }

    @Test
    void a_list_of_strings_may_be_one_string_or_an_array_and_each_wrong_element_is_named_by_its_index() {
        JsonFields fields = JsonFields.of(
                json("{\"one\": \"a@x.test\", \"many\": [\"a@x.test\", 3, \"b@x.test\", null]," + " \"neither\": {}}"));

        assertThat(fields.strings("one")).containsExactly("a@x.test");
        assertThat(fields.strings("many")).containsExactly("a@x.test", "b@x.test");
        assertThat(fields.strings("neither")).isEmpty();
        assertThat(errorsOf(fields))
                .containsExactly(
                        new FieldError("many[1]", "must be a string"),
                        new FieldError("many[3]", "must be a string"),
                        new FieldError("neither", "must be a string or an array of strings"));
    }

    @Test
    void a_flag_is_only_true_or_false() {
        JsonFields fields = JsonFields.of(json("{\"clicks\": true, \"opens\": false, \"both\": \"true\", \"n\": 1}"));

        assertThat(fields.bool("clicks")).isTrue();
        assertThat(fields.bool("opens")).isFalse();
        assertThat(fields.bool("absent")).isNull();
        assertThat(fields.bool("both")).isNull();
        assertThat(fields.bool("n")).isNull();
        assertThat(errorsOf(fields)).extracting(FieldError::field).containsExactly("both", "n");
    }

    @Test
    void an_object_field_is_kept_as_json_text_and_anything_else_is_refused() {
        JsonFields fields =
                JsonFields.of(json("{\"data\": {\"name\": \"Ada\"}, \"list\": [1], \"to\": \"ada@x.test\"}"));

        assertThat(fields.objectText("data")).isEqualTo("{\"name\":\"Ada\"}");
        assertThat(fields.objectText("list")).isEqualTo("{}");
        assertThat(fields.object("to", true)).isNull();
        assertThat(errorsOf(fields))
                .containsExactly(
                        new FieldError("list", "must be an object"), new FieldError("to", "must be an object"));
    }

    @Test
    void a_refused_value_object_is_recorded_under_the_field_given_or_the_one_it_names_within_the_object() {
        JsonFields fields = JsonFields.of(json("{\"to\": {\"email\": \"not an address\"}}"));
        JsonFields to = fields.object("to", true);

        assertThat(fields.parse("to.email", to.string("email", true), EmailAddress::new))
                .isNull();
        assertThat(to.build(() -> new EmailAddress("also not one"))).isNull();
        assertThat(fields.parse("absent", null, EmailAddress::new)).isNull();

        assertThat(errorsOf(fields)).extracting(FieldError::field).containsExactly("to.email", "to.email");
    }

    @Test
    void a_request_with_no_problem_passes() {
        JsonFields fields = JsonFields.of(json("{\"subject\": \"Hi\"}")).allowOnly(Set.of("subject"));

        assertThat(fields.string("subject", true)).isEqualTo("Hi");
        assertThat(fields.hasErrors()).isFalse();
        fields.throwIfInvalid();
    }
}
