package io.segmentflow.adapters.in.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.error.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void a_problem_document_has_the_rfc_9457_members_and_the_stable_code() {
        assertThat(Problems.body(404, "not_found", "template tpl_1 was not found", List.of()))
                .isEqualTo("{\"type\":\"urn:segmentflow:problem:not_found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"template tpl_1 was not found\",\"error\":\"not_found\"}");
    }

    @Test
    void field_errors_are_listed_in_order_and_left_out_when_there_are_none() {
        String body = Problems.body(
                422,
                "validation_failed",
                "2 fields are not valid",
                List.of(new FieldError("to.email", "is required"), new FieldError("cc[0]", "must be a string")));

        assertThat(body)
                .endsWith(",\"errors\":[{\"field\":\"to.email\",\"message\":\"is required\"},"
                        + "{\"field\":\"cc[0]\",\"message\":\"must be a string\"}]}");
        assertThat(Problems.body(400, "invalid_json", "x", List.of())).doesNotContain("errors");
    }

    @Test
    void a_missing_detail_is_empty_and_an_unlisted_status_has_a_generic_title() {
        assertThat(Problems.body(418, "teapot", null, List.of()))
                .contains("\"title\":\"Error\"")
                .contains("\"detail\":\"\"");
    }

    @Test
    void only_a_401_names_the_authentication_scheme() {
        assertThat(Problems.response(401, "unauthorized", "no key", List.of()).getHeaderString(Problems.AUTHENTICATE))
                .isEqualTo("Bearer realm=\"segmentflow\"");
        assertThat(Problems.response(403, "forbidden", "no", List.of()).getHeaderString(Problems.AUTHENTICATE))
                .isNull();
        assertThat(Problems.response(403, "forbidden", "no", List.of()).getMediaType())
                .hasToString("application/problem+json");
    }
}
