package io.segmentflow.adapters.in.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.error.ApplicationException;
import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.IdempotencyKeyReuseException;
import io.segmentflow.application.error.InsufficientScopeException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ProfileConflictException;
import io.segmentflow.application.error.StoreUnavailableException;
import io.segmentflow.application.error.TemplateInvalidException;
import io.segmentflow.application.error.TemplateRenderFailedException;
import io.segmentflow.application.error.TooManyFailuresException;
import io.segmentflow.application.error.UnauthorizedException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.shared.InvalidValueException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {
    private static final Logger MAPPER_LOG = Logger.getLogger(ProblemMapper.class.getName());
    private static Level level;

    private final ProblemMapper mapper = new ProblemMapper();

    @BeforeAll
    static void quiet() {
        // The incidents and outages below are logged on purpose; the test output need not show them.
        level = MAPPER_LOG.getLevel();
        MAPPER_LOG.setLevel(Level.OFF);
    }

    @AfterAll
    static void loud() {
        MAPPER_LOG.setLevel(level);
    }

    private static JsonObject problem(Response response) {
        assertThat(response.getMediaType()).hasToString("application/problem+json");
        return Json.createReader(new StringReader((String) response.getEntity()))
                .readObject();
    }

    private void assertAnswer(Throwable thrown, int status, String code) {
        Response response = mapper.toResponse(thrown);
        assertThat(response.getStatus()).as(thrown.toString()).isEqualTo(status);
        JsonObject problem = problem(response);
        assertThat(problem.getString("error")).as(thrown.toString()).isEqualTo(code);
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("type")).isEqualTo("urn:segmentflow:problem:" + code);
    }

    @Test
    void each_refusal_of_the_application_has_its_status_and_keeps_its_code() {
        assertAnswer(new ValidationFailedException("to.email", "is required"), 422, "validation_failed");
        assertAnswer(new NotFoundException("template", "tpl_1"), 404, "not_found");
        assertAnswer(new IdempotencyKeyReuseException("k1"), 422, "idempotency_key_reuse");
        assertAnswer(new ConcurrentRequestException("k1"), 409, "concurrent_request");
        assertAnswer(new ProfileConflictException("two profiles"), 409, "profile_conflict");
        assertAnswer(new TemplateInvalidException(List.of(new FieldError("html", "no"))), 422, "template_invalid");
        assertAnswer(new TemplateRenderFailedException("no such variable"), 422, "template_render_failed");
        assertAnswer(new UnauthorizedException("no API key"), 401, "unauthorized");
        assertAnswer(new InsufficientScopeException("emails:send"), 403, "insufficient_scope");
        assertAnswer(new ApplicationException("some_new_rule", "refused") {}, 422, "some_new_rule");
    }

    @Test
    void a_validation_failure_lists_each_field_with_its_message() {
        JsonObject problem = problem(mapper.toResponse(new ValidationFailedException(
                List.of(new FieldError("to.email", "is required"), new FieldError("cc[1]", "must be a string")))));

        assertThat(problem.getString("detail")).isEqualTo("2 fields are not valid");
        assertThat(problem.getJsonArray("errors").toString())
                .isEqualTo(
                        "[{\"field\":\"to.email\",\"message\":\"is required\"},{\"field\":\"cc[1]\",\"message\":\"must be a string\"}]");
    }

    @Test
    void a_refused_value_names_its_field() {
        JsonObject problem = problem(mapper.toResponse(new InvalidValueException("email", "must not be blank")));

        assertThat(problem.getString("error")).isEqualTo("validation_failed");
        assertThat(problem.getString("detail")).isEqualTo("email: must not be blank");
        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field"))
                .isEqualTo("email");
    }

    @Test
    void a_request_refused_before_its_use_case_keeps_its_status_and_code() {
        assertAnswer(new RequestRejected(413, "payload_too_large", "too large"), 413, "payload_too_large");
        assertAnswer(new RequestRejected(400, "invalid_json", "not JSON"), 400, "invalid_json");
    }

    @Test
    void a_change_the_state_does_not_allow_is_a_conflict() {
        assertAnswer(new IllegalTransitionException("the key is revoked"), 409, "invalid_state");
    }

    @Test
    void an_unauthenticated_request_is_told_how_to_authenticate() {
        Response response = mapper.toResponse(new UnauthorizedException("no API key"));

        assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"segmentflow\"");
        assertThat(mapper.toResponse(new InsufficientScopeException("emails:send"))
                        .getHeaderString("WWW-Authenticate"))
                .isNull();
    }

    @Test
    void too_many_failed_authentications_say_when_to_retry_in_whole_seconds() {
        Response response = mapper.toResponse(new TooManyFailuresException(Duration.ofMillis(2_100)));

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("3");
        assertThat(problem(response).getString("error")).isEqualTo("too_many_requests");
    }

    @Test
    void a_database_outage_is_service_unavailable_with_a_retry_after() {
        for (Throwable outage : List.of(
                new SQLTransientConnectionException("Connection refused"),
                new RuntimeException("commit failed", new StoreUnavailableException("down", null)))) {
            Response response = mapper.toResponse(outage);

            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After"))
                    .isEqualTo(String.valueOf(ProblemMapper.RETRY_AFTER_SECONDS));
            JsonObject problem = problem(response);
            assertThat(problem.getString("error")).isEqualTo("service_unavailable");
            assertThat(problem.getString("detail")).doesNotContain("Connection refused");
        }
    }

    @Test
    void a_failure_of_our_own_is_an_incident_whose_message_never_reaches_the_caller() {
        for (Throwable failure : List.of(
                new IllegalStateException("password=hunter2 at db.internal:5432"),
                new InternalServerErrorException("RESTEASY003770: password=hunter2"),
                new StackOverflowError())) {
            Response response = mapper.toResponse(failure);

            assertThat(response.getStatus()).isEqualTo(500);
            JsonObject problem = problem(response);
            assertThat(problem.getString("error")).isEqualTo("internal_error");
            assertThat(problem.getString("detail"))
                    .matches("something went wrong on our side; quote incident [0-9a-f-]{36}")
                    .doesNotContain("hunter2");
            assertThat(problem.containsKey("errors")).isFalse();
        }
    }

    @Test
    void the_jax_rs_refusals_are_told_in_this_api_s_words_never_in_the_implementation_s() {
        assertAnswer(
                new jakarta.ws.rs.NotFoundException("RESTEASY003210: Could not find resource for full path"),
                404,
                "not_found");
        assertAnswer(new NotAcceptableException("RESTEASY003635: No match for accept header"), 406, "not_acceptable");
        assertAnswer(
                new NotSupportedException("RESTEASY003065: Cannot consume content type"),
                415,
                "unsupported_media_type");
        assertAnswer(new BadRequestException("RESTEASY003870: Unable to extract parameter"), 400, "bad_request");

        for (Throwable refusal : List.of(
                new jakarta.ws.rs.NotFoundException("RESTEASY003210: x"),
                new NotAcceptableException("RESTEASY003635: x"),
                new NotSupportedException("RESTEASY003065: x"),
                new BadRequestException("RESTEASY003870: x"),
                new NotAllowedException("RESTEASY003650: x", "GET", new String[0]))) {
            assertThat(problem(mapper.toResponse(refusal)).toString())
                    .doesNotContain("RESTEASY")
                    .doesNotContain("x\"");
        }
    }

    @Test
    void a_method_the_resource_does_not_take_is_answered_with_the_methods_it_takes() {
        Response response = mapper.toResponse(new NotAllowedException(
                "RESTEASY003650: No resource method found for PUT", "GET", new String[] {"DELETE"}));

        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getHeaderString("Allow")).contains("GET").contains("DELETE");
        JsonObject problem = problem(response);
        assertThat(problem.getString("error")).isEqualTo("method_not_allowed");
        assertThat(problem.getString("detail"))
                .startsWith("this resource does not take that method; it takes ")
                .contains("GET")
                .contains("DELETE");
    }
}
