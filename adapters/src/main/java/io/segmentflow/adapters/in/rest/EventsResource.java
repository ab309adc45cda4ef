package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.access.Caller;
import io.segmentflow.application.event.FindEventsQuery;
import io.segmentflow.application.event.TrackEventCommand;
import io.segmentflow.application.event.TrackEventUseCase;
import io.segmentflow.application.event.TrackOutcome;
import io.segmentflow.application.event.TrackedEvent;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.shared.InvalidValueException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** events.track, and finding tracked events by Profile, name or business reference. */
@Path("/events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {
    private static final Set<String> FIELDS = Set.of("event", "profile", "data", "referenceId", "occurredAt");

    @Inject
    CurrentCaller currentCaller;

    @Inject
    TrackEventUseCase tracking;

    @Inject
    FindEventsQuery events;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response track(@HeaderParam("Idempotency-Key") String idempotencyKey, InputStream body) {
        Caller caller = currentCaller.require(Scope.EVENTS_WRITE);
        JsonObject request = JsonBody.read(body);
        JsonFields json = JsonFields.of(request).allowOnly(FIELDS);
        IdempotencyKey key = JourneysResource.idempotencyKey(json, idempotencyKey);
        EventName name = json.parse("event", json.string("event", true), EventName::new);
        ProfileIdentity identity = null;
        String properties = null;
        JsonFields profile = json.object("profile", true);
        if (profile != null) {
            profile.allowOnly(Set.of("email", "externalId", "properties"));
            identity = identity(json, profile, "profile", "externalId");
            properties = profile.has("properties") ? profile.objectText("properties") : null;
        }
        String data = json.objectText("data");
        String referenceId = json.string("referenceId", false);
        Instant occurredAt = json.parse("occurredAt", json.string("occurredAt", false), EventsResource::instant);
        json.throwIfInvalid();
        TrackEventCommand command = new TrackEventCommand(
                caller.workspaceId(),
                key,
                JsonBody.fingerprint("events.track", request),
                name,
                identity,
                properties,
                data,
                referenceId,
                occurredAt);
        TrackOutcome outcome = tracking.track(command, EventsResource::tracked);
        Response.ResponseBuilder response = Response.status(outcome.answer().code())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(outcome.answer().body());
        if (outcome instanceof TrackOutcome.Tracked tracked) {
            response.location(URI.create("events/" + tracked.tracked().event().id()));
        } else {
            response.header("Idempotency-Replayed", "true");
        }
        return response.build();
    }

    /**
     * A Profile named by email, by the caller's own id (under {@code idField}), or both, each problem reported under
     * its path in {@code json}.
     */
    static ProfileIdentity identity(JsonFields json, JsonFields person, String path, String idField) {
        String emailText = person.string("email", false);
        EmailAddress email = json.parse(path + ".email", emailText, EmailAddress::new);
        String externalId = person.string(idField, false);
        if (emailText == null && externalId == null) {
            json.error(path, "needs an email, an " + idField + " or both");
            return null;
        }
        if ((emailText != null && email == null) || json.hasErrors()) {
            return null;
        }
        return json.build(path + "." + idField, () -> new ProfileIdentity(email, externalId));
    }

    private static FirstAnswer tracked(TrackedEvent tracked) {
        JsonArrayBuilder matched = Jsonp.PROVIDER.createArrayBuilder(tracked.matchedJourneys());
        JsonArrayBuilder enrolled = Jsonp.PROVIDER.createArrayBuilder();
        tracked.enrolled()
                .forEach(e -> enrolled.add(Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add("journeyId", e.journeyId())
                        .add("runId", e.runId())));
        JsonArrayBuilder skipped = Jsonp.PROVIDER.createArrayBuilder();
        tracked.skipped()
                .forEach(s -> skipped.add(Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add("journeyId", s.journeyId())
                        .add("reason", s.reason().wireName())));
        String body = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "event")
                .add("eventId", tracked.event().id())
                .add("profileId", tracked.event().profileId())
                .add("matchedJourneys", matched)
                .add("enrolledJourneys", enrolled)
                .add("skippedJourneys", skipped)
                .build()
                .toString();
        return new FirstAnswer(Response.Status.ACCEPTED.getStatusCode(), body);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.EVENTS_READ);
        return Response.ok(view(events.event(caller.workspaceId(), id)).toString())
                .build();
    }

    @GET
    public Response search(
            @QueryParam("profileId") String profileId,
            @QueryParam("event") String event,
            @QueryParam("referenceId") String referenceId,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        Caller caller = currentCaller.require(Scope.EVENTS_READ);
        EventName name = event == null ? null : new EventName(event);
        return Paging.answer(
                events.search(
                        caller.workspaceId(), profileId, name, referenceId, cursor, JourneysResource.pageSize(limit)),
                EventsResource::view);
    }

    static JsonObject view(UserEvent event) {
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "event")
                .add("id", event.id())
                .add("event", event.name().value())
                .add("profileId", event.profileId());
        if (event.data() == null) {
            json.addNull("data");
        } else {
            json.add(
                    "data",
                    Jsonp.PROVIDER.createReader(new StringReader(event.data())).readObject());
        }
        JsonOutput.nullable(json, "referenceId", event.referenceId());
        return json.add("occurredAt", event.occurredAt().toString())
                .add("receivedAt", event.receivedAt().toString())
                .build();
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(
                    "occurredAt", "must be an ISO-8601 date-time with an offset, such as 2026-11-30T09:00:00Z");
        }
    }
}
