package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.JourneyJson;
import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.access.Caller;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.journey.JourneyDefinition;
import io.segmentflow.application.journey.JourneyRunsQuery;
import io.segmentflow.application.journey.ManageJourneysUseCase;
import io.segmentflow.application.journey.TriggerJourneyCommand;
import io.segmentflow.application.journey.TriggerJourneyUseCase;
import io.segmentflow.application.journey.TriggerOutcome;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.JourneyTrigger;
import io.segmentflow.domain.journey.ReEntry;
import io.segmentflow.domain.journey.RunStats;
import io.segmentflow.domain.journey.RunStatus;
import io.segmentflow.domain.journey.StepVisit;
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

/** Journeys: write and read definitions, move them through their lifecycle, trigger one, read its runs. */
@Path("/journeys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class JourneysResource {
    /** Journey ids, so that {@code /journeys/runs/...} is never taken for a Journey called "runs". */
    static final String JOURNEY_ID = "{id: jny_[0-9a-z]+}";

    static final int MAX_PAGE = 100;
    static final int DEFAULT_PAGE = 20;
    private static final Set<String> FIELDS = Set.of("name", "trigger", "reEntry", "start", "steps");

    @Inject
    CurrentCaller currentCaller;

    @Inject
    ManageJourneysUseCase journeys;

    @Inject
    TriggerJourneyUseCase triggers;

    @Inject
    JourneyRunsQuery runs;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_WRITE);
        Journey journey = journeys.create(caller.workspaceId(), definition(JsonBody.read(body)));
        return Response.created(URI.create("journeys/" + journey.id()))
                .entity(view(journey).toString())
                .build();
    }

    @GET
    public Response list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_READ);
        return Paging.answer(journeys.list(caller.workspaceId(), cursor, pageSize(limit)), JourneysResource::view);
    }

    @GET
    @Path(JOURNEY_ID)
    public Response get(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_READ);
        return Response.ok(view(journeys.find(caller.workspaceId(), id)).toString())
                .build();
    }

    @PUT
    @Path(JOURNEY_ID)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, InputStream body) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_WRITE);
        Journey journey = journeys.update(caller.workspaceId(), id, definition(JsonBody.read(body)));
        return Response.ok(view(journey).toString()).build();
    }

    @POST
    @Path(JOURNEY_ID + "/activate")
    public Response activate(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_WRITE);
        return Response.ok(view(journeys.activate(caller.workspaceId(), id)).toString())
                .build();
    }

    @POST
    @Path(JOURNEY_ID + "/pause")
    public Response pause(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_WRITE);
        return Response.ok(view(journeys.pause(caller.workspaceId(), id)).toString())
                .build();
    }

    @POST
    @Path(JOURNEY_ID + "/archive")
    public Response archive(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_WRITE);
        return Response.ok(view(journeys.archive(caller.workspaceId(), id)).toString())
                .build();
    }

    /** journeys.trigger: {@code {profile {email, externalId?}, data?}} with an Idempotency-Key. */
    @POST
    @Path(JOURNEY_ID + "/trigger")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response trigger(
            @PathParam("id") String id, @HeaderParam("Idempotency-Key") String idempotencyKey, InputStream body) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_TRIGGER);
        JsonObject request = JsonBody.read(body);
        JsonFields json = JsonFields.of(request).allowOnly(Set.of("profile", "data"));
        IdempotencyKey key = idempotencyKey(json, idempotencyKey);
        ProfileIdentity identity = null;
        JsonFields profile = json.object("profile", true);
        if (profile != null) {
            profile.allowOnly(Set.of("email", "externalId"));
            identity = EventsResource.identity(json, profile, "profile", "externalId");
        }
        String data = json.objectText("data");
        json.throwIfInvalid();
        TriggerJourneyCommand command = new TriggerJourneyCommand(
                caller.workspaceId(), id, key, JsonBody.fingerprint("journeys.trigger " + id, request), identity, data);
        return triggered(triggers.trigger(command, run -> started(run, false)));
    }

    @GET
    @Path("runs/{runId}")
    public Response run(@PathParam("runId") String runId) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_READ);
        return Response.ok(view(runs.run(caller.workspaceId(), runId)).toString())
                .build();
    }

    @GET
    @Path(JOURNEY_ID + "/runs")
    public Response runsOf(
            @PathParam("id") String id, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_READ);
        return Paging.answer(runs.runsOf(caller.workspaceId(), id, cursor, pageSize(limit)), JourneysResource::view);
    }

    @GET
    @Path(JOURNEY_ID + "/stats")
    public Response stats(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_READ);
        RunStats stats = runs.stats(caller.workspaceId(), id);
        JsonObjectBuilder byStatus = Jsonp.PROVIDER.createObjectBuilder();
        for (RunStatus status : RunStatus.values()) {
            byStatus.add(status.wireName(), stats.byStatus().getOrDefault(status, 0L));
        }
        JsonObjectBuilder byStep = Jsonp.PROVIDER.createObjectBuilder();
        stats.byStep().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> byStep.add(entry.getKey(), entry.getValue()));
        return Response.ok(Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add("object", "journey_stats")
                        .add("journeyId", id)
                        .add("runs", byStatus)
                        .add("profilesPerStep", byStep)
                        .build()
                        .toString())
                .build();
    }

    static IdempotencyKey idempotencyKey(JsonFields json, String header) {
        return json.parse("Idempotency-Key", header == null ? "" : header, IdempotencyKey::new);
    }

    /** A started run's answer: 202 with the run, in this API's form or the hosted API's ({@code workflowId}). */
    static FirstAnswer started(JourneyRun run, boolean hostedForm) {
        JsonObjectBuilder json = Jsonp.PROVIDER.createObjectBuilder().add("runId", run.id());
        json.add(hostedForm ? "workflowId" : "journeyId", run.journeyId());
        json.add("status", run.status().wireName());
        return new FirstAnswer(
                Response.Status.ACCEPTED.getStatusCode(), json.build().toString());
    }

    static Response triggered(TriggerOutcome outcome) {
        Response.ResponseBuilder response = Response.status(outcome.answer().code())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(outcome.answer().body());
        if (outcome instanceof TriggerOutcome.Started started) {
            response.location(URI.create("journeys/runs/" + started.run().id()));
        } else {
            response.header("Idempotency-Replayed", "true");
        }
        return response.build();
    }

    private static JourneyDefinition definition(JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(FIELDS);
        String name = json.string("name", true);
        JourneyJson.Problems problems = json::error;
        JourneyTrigger trigger =
                json.has("trigger") ? JourneyJson.trigger(json.raw("trigger"), "trigger", problems) : null;
        if (!json.has("trigger")) {
            json.error("trigger", "is required");
        }
        String reEntryName = json.string("reEntry", false);
        ReEntry reEntry =
                reEntryName == null ? ReEntry.NEVER : json.parse("reEntry", reEntryName, JourneysResource::reEntry);
        String start = json.string("start", false);
        JourneyGraph graph = JourneyJson.graph(start, json.raw("steps"), "steps", problems);
        json.throwIfInvalid();
        return new JourneyDefinition(name, trigger, reEntry, graph);
    }

    private static ReEntry reEntry(String wire) {
        for (ReEntry candidate : ReEntry.values()) {
            if (candidate.wireName().equals(wire)) {
                return candidate;
            }
        }
        throw new InvalidValueException("reEntry", "must be never, when_finished or always");
    }

    /** The page size asked for: 20 when absent; refused when it is not a whole number. */
    static int pageSize(String limit) {
        List<FieldError> errors = new ArrayList<>();
        int size = Paging.limit(limit, DEFAULT_PAGE, MAX_PAGE, errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return size;
    }

    static JsonObject view(Journey journey) {
        return Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "journey")
                .add("id", journey.id())
                .add("name", journey.name())
                .add("status", journey.status().wireName())
                .add("version", journey.version())
                .add("trigger", JourneyJson.write(journey.trigger()))
                .add("reEntry", journey.reEntry().wireName())
                .add("start", journey.graph().start())
                .add("steps", JourneyJson.writeSteps(journey.graph()))
                .add("createdAt", journey.createdAt().toString())
                .add("updatedAt", journey.updatedAt().toString())
                .build();
    }

    static JsonObject view(JourneyRun run) {
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "journey_run")
                .add("id", run.id())
                .add("journeyId", run.journeyId())
                .add("journeyVersion", run.journeyVersion())
                .add("profileId", run.profileId())
                .add("status", run.status().wireName());
        JsonOutput.nullable(json, "eventId", run.eventId().orElse(null));
        JsonOutput.nullable(json, "currentStep", run.currentStep());
        JsonOutput.nullable(
                json, "dueAt", run.dueAt() == null ? null : run.dueAt().toString());
        JsonOutput.nullable(
                json, "waitingFor", run.awaitedEvent().map(Object::toString).orElse(null));
        JsonArrayBuilder steps = Jsonp.PROVIDER.createArrayBuilder();
        for (StepVisit visit : run.history()) {
            JsonObjectBuilder step = Jsonp.PROVIDER
                    .createObjectBuilder()
                    .add("stepId", visit.stepId() == null ? "" : visit.stepId())
                    .add("outcome", visit.outcome().wireName())
                    .add("at", visit.at().toString());
            JsonOutput.nullable(step, "detail", visit.detail());
            steps.add(step);
        }
        return json.add("steps", steps)
                .add("createdAt", run.createdAt().toString())
                .add("updatedAt", run.updatedAt().toString())
                .build();
    }
}
