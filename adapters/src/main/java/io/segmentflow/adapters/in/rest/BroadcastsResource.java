package io.segmentflow.adapters.in.rest;

import io.segmentflow.application.access.Caller;
import io.segmentflow.application.broadcast.ManageBroadcastsUseCase;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.email.EmailSend;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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

/**
 * Broadcasts: draft, read, edit while draft, duplicate, preflight, test send, schedule, cancel, results, and the
 * handover to a person who confirms the send in the dashboard. No route here sends the Broadcast now.
 */
@Path("/broadcasts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BroadcastsResource {
    @Inject
    CurrentCaller currentCaller;

    @Inject
    ManageBroadcastsUseCase broadcasts;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_CREATE);
        Broadcast broadcast = broadcasts.create(caller.workspaceId(), AudienceSendJson.broadcast(JsonBody.read(body)));
        return created(broadcast);
    }

    @GET
    public Response list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_READ);
        return Paging.answer(
                broadcasts.list(caller.workspaceId(), cursor, JourneysResource.pageSize(limit)),
                AudienceSendJson::view);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_READ);
        return ok(broadcasts.find(caller.workspaceId(), id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, InputStream body) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_CREATE);
        return ok(broadcasts.update(caller.workspaceId(), id, AudienceSendJson.broadcast(JsonBody.read(body))));
    }

    @POST
    @Path("{id}/duplicate")
    public Response duplicate(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_CREATE);
        return created(broadcasts.duplicate(caller.workspaceId(), id));
    }

    @POST
    @Path("{id}/preflight")
    public Response preflight(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_PREPARE);
        return Response.ok(AudienceSendJson.view(broadcasts.preflight(caller.workspaceId(), id))
                        .toString())
                .build();
    }

    /** One email to one address: a transactional send, answered 202 as emails.send is, not counted in results. */
    @POST
    @Path("{id}/test-send")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response testSend(@PathParam("id") String id, InputStream body) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_PREPARE);
        EmailSend send = broadcasts.testSend(caller.workspaceId(), id, AudienceSendJson.testSend(JsonBody.read(body)));
        return Response.accepted(EmailSendJson.view(send))
                .location(URI.create("emails/" + send.id()))
                .build();
    }

    @POST
    @Path("{id}/schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response schedule(@PathParam("id") String id, InputStream body) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_PREPARE);
        return ok(broadcasts.schedule(caller.workspaceId(), id, AudienceSendJson.sendAt(JsonBody.read(body))));
    }

    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_CANCEL);
        return ok(broadcasts.cancel(caller.workspaceId(), id));
    }

    @GET
    @Path("{id}/results")
    public Response results(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_READ);
        return Response.ok(AudienceSendJson.view(broadcasts.results(caller.workspaceId(), id))
                        .toString())
                .build();
    }

    /** The handover: a dashboard link, for a person to review and send; it works once, for 15 minutes. */
    @POST
    @Path("{id}/confirmation")
    public Response confirmation(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_PREPARE);
        return Response.status(Response.Status.CREATED)
                .entity(AudienceSendJson.view(broadcasts.handOver(caller.workspaceId(), id))
                        .toString())
                .build();
    }

    private static Response ok(Broadcast broadcast) {
        return Response.ok(AudienceSendJson.view(broadcast).toString()).build();
    }

    private static Response created(Broadcast broadcast) {
        return Response.created(URI.create("broadcasts/" + broadcast.id()))
                .entity(AudienceSendJson.view(broadcast).toString())
                .build();
    }
}
