package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.JourneyJson;
import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.access.Caller;
import io.segmentflow.application.audience.ManageSegmentsUseCase;
import io.segmentflow.application.audience.ManageSubscriptionGroupsUseCase;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.Segment;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.profile.Profile;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Segments: a name and a condition on Profile properties ({@code profile.*} fields, the condition model Journey
 * filters use), and a preview of the Profiles the condition picks now.
 */
@Path("/segments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SegmentsResource {
    private static final Set<String> FIELDS = Set.of("name", "condition");

    @Inject
    CurrentCaller currentCaller;

    @Inject
    ManageSegmentsUseCase segments;

    @Inject
    ManageSubscriptionGroupsUseCase groups;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        Caller caller = currentCaller.require(Scope.SEGMENTS_WRITE);
        Draft draft = draft(JsonBody.read(body));
        Segment segment = segments.create(caller.workspaceId(), draft.name(), draft.condition());
        return Response.created(URI.create("segments/" + segment.id()))
                .entity(view(segment).toString())
                .build();
    }

    @GET
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Caller caller = currentCaller.require(Scope.SEGMENTS_READ);
        List<FieldError> errors = new ArrayList<>();
        int size = Paging.limit(limit, ManageSegmentsUseCase.DEFAULT_LIMIT, ManageSegmentsUseCase.MAX_LIMIT, errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return Paging.answer(segments.list(caller.workspaceId(), cursor, size), SegmentsResource::view);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.SEGMENTS_READ);
        return Response.ok(view(segments.get(caller.workspaceId(), id)).toString())
                .build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, InputStream body) {
        Caller caller = currentCaller.require(Scope.SEGMENTS_WRITE);
        Draft draft = draft(JsonBody.read(body));
        return Response.ok(view(segments.update(caller.workspaceId(), id, draft.name(), draft.condition()))
                        .toString())
                .build();
    }

    /** Answers 204 without a body, so a client that accepts only problem documents is served too. */
    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.SEGMENTS_WRITE);
        segments.delete(caller.workspaceId(), id);
        return Response.noContent().build();
    }

    /** How many Profiles the segment picks now, and the first {@code sample} of them (10 unless asked). */
    @GET
    @Path("{id}/preview")
    public Response preview(@PathParam("id") String id, @QueryParam("sample") String sample) {
        Caller caller = currentCaller.require(Scope.SEGMENTS_READ);
        int size = ManageSegmentsUseCase.DEFAULT_SAMPLE;
        if (sample != null) {
            try {
                size = Integer.parseInt(sample);
            } catch (NumberFormatException e) {
                throw new ValidationFailedException(
                        "sample", "must be a whole number from 0 to " + ManageSegmentsUseCase.MAX_SAMPLE);
            }
        }
        ManageSegmentsUseCase.Preview preview = segments.preview(caller.workspaceId(), id, size);
        JsonArrayBuilder profiles = Jsonp.PROVIDER.createArrayBuilder();
        Map<String, List<Consent>> consents = groups.consentsOf(
                caller.workspaceId(), preview.sample().stream().map(Profile::id).toList());
        preview.sample()
                .forEach(profile ->
                        profiles.add(ProfilesResource.view(profile, consents.getOrDefault(profile.id(), List.of()))));
        return Response.ok(Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add("object", "segment_preview")
                        .add("segmentId", id)
                        .add("count", preview.count())
                        .add("sample", profiles)
                        .build()
                        .toString())
                .build();
    }

    private record Draft(String name, Condition condition) {}

    private static Draft draft(JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(FIELDS);
        String name = json.string("name", true);
        Condition condition = null;
        if (!json.has("condition")) {
            json.error("condition", "is required");
        } else {
            JourneyJson.Problems problems = json::error;
            condition = JourneyJson.condition(json.raw("condition"), "condition", problems, 1);
        }
        json.throwIfInvalid();
        return new Draft(name, condition);
    }

    static JsonObject view(Segment segment) {
        return Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "segment")
                .add("id", segment.id())
                .add("name", segment.name())
                .add("condition", JourneyJson.write(segment.condition()))
                .add("createdAt", segment.createdAt().toString())
                .add("updatedAt", segment.updatedAt().toString())
                .build();
    }
}
