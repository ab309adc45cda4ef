package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.Condition;
import io.segmentflow.it.client.model.Profile;
import io.segmentflow.it.client.model.ProfileReference;
import io.segmentflow.it.client.model.ProfileUpdate;
import io.segmentflow.it.client.model.Segment;
import io.segmentflow.it.client.model.SegmentPage;
import io.segmentflow.it.client.model.SegmentPreview;
import io.segmentflow.it.client.model.SegmentRequest;
import io.segmentflow.it.client.model.TrackEventRequest;
import jakarta.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Segments through the API: a named condition on Profile properties, previewed as a count and a sample of the
 * Profiles it picks now; kept per workspace. Each test works in a workspace of its own, so counts are exact.
 */
class SegmentsIT {
    private static Condition equals(String field, Object value) {
        return new Condition().field(field).op(Condition.OpEnum.EQUALS).value(value);
    }

    private static Condition greaterThan(String field, Object value) {
        return new Condition().field(field).op(Condition.OpEnum.GREATER_THAN).value(value);
    }

    /** A Profile with these properties, made as events.track makes one. */
    private static String profile(Client api, Map<String, Object> properties) {
        return call(() -> api.events.eventsTrack(
                        Api.newIdempotencyKey(),
                        new TrackEventRequest()
                                .event("it.segment")
                                .profile(new ProfileReference()
                                        .email(Api.newRecipient())
                                        .properties(properties))))
                .getProfileId();
    }

    @Test
    void a_segment_is_created_read_listed_replaced_and_deleted() {
        Client api = Workspaces.createOther();
        SegmentRequest pros = new SegmentRequest().name("Pro plan").condition(equals("profile.plan", "pro"));

        ApiResponse<Segment> created = call(() -> api.segments.segmentsCreateWithHttpInfo(pros));
        Segment segment = created.getData();
        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(segment.getId()).startsWith("seg_");
        assertThat(segment.getCondition()).isEqualTo(equals("profile.plan", "pro"));
        assertThat(call(() -> api.segments.segmentsGet(segment.getId()))).isEqualTo(segment);
        SegmentPage page = call(() -> api.segments.segmentsList(null, null));
        assertThat(page.getData()).containsExactly(segment);

        Segment replaced = call(() -> api.segments.segmentsReplace(
                segment.getId(),
                new SegmentRequest().name("Big accounts").condition(greaterThan("profile.seats", 50))));
        assertThat(replaced.getName()).isEqualTo("Big accounts");
        assertThat(replaced.getCondition()).isEqualTo(greaterThan("profile.seats", 50));

        assertThat(call(() -> api.segments.segmentsDeleteWithHttpInfo(segment.getId()))
                        .getStatusCode())
                .isEqualTo(204);
        assertThat(refusal(() -> api.segments.segmentsGet(segment.getId())).status())
                .isEqualTo(404);
        assertThat(refusal(() -> api.segments.segmentsPreview(segment.getId(), null))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void a_preview_counts_the_profiles_the_condition_picks_now_and_shows_the_first() {
        Client api = Workspaces.createOther();
        String ada = profile(api, Map.of("plan", "pro", "seats", 120));
        String bob = profile(api, Map.of("plan", "pro", "seats", 12));
        profile(api, Map.of("plan", "free", "seats", 500));
        profile(api, Map.of("seats", "many"));
        Segment bigPros = call(() -> api.segments.segmentsCreate(new SegmentRequest()
                .name("Big pro accounts")
                .condition(new Condition()
                        .all(List.of(equals("profile.plan", "pro"), greaterThan("profile.seats", 10))))));

        SegmentPreview preview = call(() -> api.segments.segmentsPreview(bigPros.getId(), 1));

        assertThat(preview.getCount()).isEqualTo(2);
        assertThat(preview.getSample()).extracting(Profile::getId).containsExactly(ada);
        assertThat(call(() -> api.segments.segmentsPreview(bigPros.getId(), null))
                        .getSample())
                .extracting(Profile::getId)
                .containsExactly(ada, bob);

        // Membership is computed when asked: a Profile whose properties change moves out at once.
        profile(api, Map.of()); // another Profile, to show the count is not cached
        call(() -> api.profiles.profilesUpdate(bob, new ProfileUpdate().properties(Map.of("plan", "free"))));
        assertThat(call(() -> api.segments.segmentsPreview(bigPros.getId(), 10)).getCount())
                .isEqualTo(1);
    }

    @Test
    void a_condition_on_event_fields_or_malformed_is_refused_with_the_field_named() {
        Client api = Workspaces.createOther();

        Client.Refusal onEvents = refusal(() ->
                api.segments.segmentsCreate(new SegmentRequest().name("Buyers").condition(equals("event.total", 5))));
        // An operator the document does not list cannot be written with the generated client: raw JSON, then.
        Api.Reply badOp = api.raw()
                .post(
                        "/api/v1/segments",
                        Json.createObjectBuilder()
                                .add("name", "Bad")
                                .add(
                                        "condition",
                                        Json.createObjectBuilder()
                                                .add("field", "profile.plan")
                                                .add("op", "sounds_like")
                                                .add("value", "pro"))
                                .build());

        assertThat(onEvents.status()).isEqualTo(422);
        assertThat(onEvents.error()).isEqualTo("validation_failed");
        assertThat(onEvents.errorFields()).contains("condition");
        assertThat(badOp.status()).isEqualTo(422);
        assertThat(badOp.json().getJsonArray("errors").getJsonObject(0).getString("field"))
                .isEqualTo("condition.op");
    }

    @Test
    void another_workspace_s_segment_is_not_found() {
        Client api = Workspaces.createOther();
        Client other = Workspaces.createOther();
        Segment mine = call(() -> api.segments.segmentsCreate(
                new SegmentRequest().name("Mine").condition(equals("profile.plan", "pro"))));

        assertThat(refusal(() -> other.segments.segmentsGet(mine.getId())).status())
                .isEqualTo(404);
        assertThat(refusal(() -> other.segments.segmentsPreview(mine.getId(), null))
                        .status())
                .isEqualTo(404);
        assertThat(refusal(() -> other.segments.segmentsDeleteWithHttpInfo(mine.getId()))
                        .status())
                .isEqualTo(404);
        assertThat(call(() -> other.segments.segmentsList(null, null)).getData())
                .isEmpty();
    }
}
