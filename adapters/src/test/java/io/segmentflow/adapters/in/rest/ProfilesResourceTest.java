package io.segmentflow.adapters.in.rest;

import static io.segmentflow.adapters.in.rest.SendEmailRequestTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.profile.ManageProfilesUseCase.ProfileChange;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edit body of PATCH /profiles/{id} and the view of a Profile. */
class ProfilesResourceTest {
    private static final Instant CREATED = Instant.parse("2030-01-15T10:00:00Z");

    private static List<String> refusedFields(String body) {
        return catchThrowableOfType(ValidationFailedException.class, () -> ProfilesResource.change(json(body)))
                .fieldErrors()
                .stream()
                .map(FieldError::field)
                .toList();
    }

    @Test
    void every_part_of_an_edit_is_read_and_properties_stay_json_text_with_their_nulls() {
        ProfileChange change = ProfilesResource.change(json("""
                {"email": "Ada@Example.TEST", "externalId": "u-7", "properties": {"plan": "pro", "age": null}}"""));

        assertThat(change.email()).isEqualTo(EmailAddress.of("Ada@example.test"));
        assertThat(change.externalId()).isEqualTo("u-7");
        assertThat(json(change.properties())).isEqualTo(json("{\"plan\": \"pro\", \"age\": null}"));
    }

    @Test
    void parts_left_out_or_null_are_left_as_they_are() {
        assertThat(ProfilesResource.change(json("{}"))).isEqualTo(new ProfileChange(null, null, null));
        assertThat(ProfilesResource.change(json("{\"email\": null, \"externalId\": null, \"properties\": null}")))
                .isEqualTo(new ProfileChange(null, null, null));
    }

    @Test
    void every_bad_part_is_named() {
        assertThat(refusedFields("""
                {"email": "not an address", "externalId": "", "properties": [1], "name": "Ada"}""")).containsExactlyInAnyOrder("email", "externalId", "properties", "name");
        assertThat(refusedFields("{\"externalId\": 7}")).containsExactly("externalId");
        assertThat(refusedFields("{\"externalId\": \"" + "x".repeat(256) + "\"}"))
                .containsExactly("externalId");
    }

    @Test
    void a_profile_is_shown_with_every_field_and_its_properties_as_an_object() {
        Profile profile = new Profile(
                "pr_1",
                new WorkspaceId("ws_1"),
                null,
                "u-7",
                "{\"plan\": \"pro\", \"note\": \"[[${data.x}]]\"}",
                CREATED,
                CREATED.plusSeconds(5));

        JsonObject view = ProfilesResource.view(profile);

        assertThat(view.getString("object")).isEqualTo("profile");
        assertThat(view.getString("id")).isEqualTo("pr_1");
        assertThat(view.isNull("email")).isTrue();
        assertThat(view.getString("externalId")).isEqualTo("u-7");
        assertThat(view.getJsonObject("properties").getString("note")).isEqualTo("[[${data.x}]]");
        assertThat(view.getString("createdAt")).isEqualTo("2030-01-15T10:00:00Z");
        assertThat(view.getString("updatedAt")).isEqualTo("2030-01-15T10:00:05Z");
    }
}
