package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.access.Caller;
import io.segmentflow.application.audience.ManageSubscriptionGroupsUseCase;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.audience.SubscriptionGroup;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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
import java.util.Set;

/**
 * Subscription groups (topics). {@code type} is {@code opt_in} (only Profiles that subscribed get the group's emails)
 * or {@code opt_out} (every Profile does until it unsubscribes).
 */
@Path("/subscription-groups")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionGroupsResource {
    private static final Set<String> FIELDS = Set.of("name", "description", "type");
    private static final String OPT_IN = "opt_in";
    private static final String OPT_OUT = "opt_out";

    @Inject
    CurrentCaller currentCaller;

    @Inject
    ManageSubscriptionGroupsUseCase groups;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        Caller caller = currentCaller.require(Scope.SUBSCRIPTION_GROUPS_WRITE);
        Draft draft = draft(JsonBody.read(body));
        SubscriptionGroup group = groups.create(caller.workspaceId(), draft.name(), draft.description(), draft.optIn());
        return Response.created(URI.create("subscription-groups/" + group.id()))
                .entity(view(group).toString())
                .build();
    }

    @GET
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Caller caller = currentCaller.require(Scope.SUBSCRIPTION_GROUPS_READ);
        List<FieldError> errors = new ArrayList<>();
        int size = Paging.limit(
                limit,
                ManageSubscriptionGroupsUseCase.DEFAULT_LIMIT,
                ManageSubscriptionGroupsUseCase.MAX_LIMIT,
                errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return Paging.answer(groups.list(caller.workspaceId(), cursor, size), SubscriptionGroupsResource::view);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.SUBSCRIPTION_GROUPS_READ);
        return Response.ok(view(groups.get(caller.workspaceId(), id)).toString())
                .build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, InputStream body) {
        Caller caller = currentCaller.require(Scope.SUBSCRIPTION_GROUPS_WRITE);
        Draft draft = draft(JsonBody.read(body));
        return Response.ok(
                        view(groups.update(caller.workspaceId(), id, draft.name(), draft.description(), draft.optIn()))
                                .toString())
                .build();
    }

    /** Answers 204 without a body, so a client that accepts only problem documents is served too. */
    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.SUBSCRIPTION_GROUPS_WRITE);
        groups.delete(caller.workspaceId(), id);
        return Response.noContent().build();
    }

    private record Draft(String name, String description, boolean optIn) {}

    private static Draft draft(JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(FIELDS);
        String name = json.string("name", true);
        String description = json.string("description", false);
        String type = json.string("type", true);
        if (type != null && !type.equals(OPT_IN) && !type.equals(OPT_OUT)) {
            json.error("type", "must be opt_in or opt_out");
        }
        json.throwIfInvalid();
        return new Draft(name, description, OPT_IN.equals(type));
    }

    static JsonObject view(SubscriptionGroup group) {
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "subscription_group")
                .add("id", group.id())
                .add("name", group.name());
        JsonOutput.nullable(json, "description", group.description());
        return json.add("type", group.optIn() ? OPT_IN : OPT_OUT)
                .add("createdAt", group.createdAt().toString())
                .add("updatedAt", group.updatedAt().toString())
                .build();
    }
}
