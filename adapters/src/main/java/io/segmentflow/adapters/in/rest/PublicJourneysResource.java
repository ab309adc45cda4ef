package io.segmentflow.adapters.in.rest;

import io.segmentflow.application.access.Caller;
import io.segmentflow.application.journey.TriggerJourneyCommand;
import io.segmentflow.application.journey.TriggerJourneyUseCase;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.profile.ProfileIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Set;

/**
 * journeys.trigger in the hosted Segmentflow API's form, so a client written for it runs unchanged:
 * {@code {recipient {email, userId?, anonymousId?}, variables?}} answered with {@code {runId, workflowId, status}}.
 * {@code userId} is the Profile's externalId; {@code variables} are the run's data.
 */
@Path("/public/journeys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PublicJourneysResource {
    @Inject
    CurrentCaller currentCaller;

    @Inject
    TriggerJourneyUseCase triggers;

    @POST
    @Path(JourneysResource.JOURNEY_ID + "/trigger")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response trigger(
            @PathParam("id") String id, @HeaderParam("Idempotency-Key") String idempotencyKey, InputStream body) {
        Caller caller = currentCaller.require(Scope.JOURNEYS_TRIGGER);
        JsonObject request = JsonBody.read(body);
        JsonFields json = JsonFields.of(request).allowOnly(Set.of("recipient", "variables"));
        IdempotencyKey key = JourneysResource.idempotencyKey(json, idempotencyKey);
        ProfileIdentity identity = null;
        JsonFields recipient = json.object("recipient", true);
        if (recipient != null) {
            recipient.allowOnly(Set.of("email", "userId", "anonymousId"));
            // An anonymous visitor has no Profile to write to here: the id is read, and not kept.
            recipient.string("anonymousId", false);
            identity = EventsResource.identity(json, recipient, "recipient", "userId");
        }
        String variables = json.objectText("variables");
        json.throwIfInvalid();
        TriggerJourneyCommand command = new TriggerJourneyCommand(
                caller.workspaceId(),
                id,
                key,
                // The same request in either form is the same trigger, whatever the form.
                JsonBody.fingerprint("journeys.trigger.public " + id, request),
                identity,
                variables);
        return JourneysResource.triggered(triggers.trigger(command, run -> JourneysResource.started(run, true)));
    }
}
