package io.segmentflow.adapters.in.rest;

import io.segmentflow.application.access.Caller;
import io.segmentflow.application.broadcast.ManageNewslettersUseCase;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterIssue;
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
 * Newsletters and their Issues. An Issue goes the way a Broadcast goes, under the same scopes (a Newsletter Issue is
 * an audience send as a Broadcast is); no route here sends an Issue now.
 */
@Path("/newsletters")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class NewslettersResource {
    private static final String ISSUE = "{id}/issues/{issueId}";

    @Inject
    CurrentCaller currentCaller;

    @Inject
    ManageNewslettersUseCase newsletters;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_CREATE);
        Newsletter newsletter =
                newsletters.create(caller.workspaceId(), AudienceSendJson.newsletter(JsonBody.read(body)));
        return Response.created(URI.create("newsletters/" + newsletter.id()))
                .entity(AudienceSendJson.view(newsletter).toString())
                .build();
    }

    @GET
    public Response list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_READ);
        return Paging.answer(
                newsletters.list(caller.workspaceId(), cursor, JourneysResource.pageSize(limit)),
                AudienceSendJson::view);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_READ);
        return Response.ok(AudienceSendJson.view(newsletters.find(caller.workspaceId(), id))
                        .toString())
                .build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, InputStream body) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_CREATE);
        Newsletter newsletter =
                newsletters.update(caller.workspaceId(), id, AudienceSendJson.newsletter(JsonBody.read(body)));
        return Response.ok(AudienceSendJson.view(newsletter).toString()).build();
    }

    @POST
    @Path("{id}/issues")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createIssue(@PathParam("id") String id, InputStream body) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_CREATE);
        return created(newsletters.createIssue(caller.workspaceId(), id, AudienceSendJson.issue(JsonBody.read(body))));
    }

    @GET
    @Path("{id}/issues")
    public Response listIssues(
            @PathParam("id") String id, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_READ);
        return Paging.answer(
                newsletters.listIssues(caller.workspaceId(), id, cursor, JourneysResource.pageSize(limit)),
                AudienceSendJson::view);
    }

    @GET
    @Path(ISSUE)
    public Response getIssue(@PathParam("id") String id, @PathParam("issueId") String issueId) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_READ);
        return ok(newsletters.findIssue(caller.workspaceId(), id, issueId));
    }

    @PUT
    @Path(ISSUE)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replaceIssue(@PathParam("id") String id, @PathParam("issueId") String issueId, InputStream body) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_CREATE);
        return ok(newsletters.updateIssue(
                caller.workspaceId(), id, issueId, AudienceSendJson.issue(JsonBody.read(body))));
    }

    @POST
    @Path(ISSUE + "/duplicate")
    public Response duplicateIssue(@PathParam("id") String id, @PathParam("issueId") String issueId) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_CREATE);
        return created(newsletters.duplicateIssue(caller.workspaceId(), id, issueId));
    }

    @POST
    @Path(ISSUE + "/preflight")
    public Response preflightIssue(@PathParam("id") String id, @PathParam("issueId") String issueId) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_PREPARE);
        return Response.ok(AudienceSendJson.view(newsletters.preflightIssue(caller.workspaceId(), id, issueId))
                        .toString())
                .build();
    }

    @POST
    @Path(ISSUE + "/test-send")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response testSendIssue(@PathParam("id") String id, @PathParam("issueId") String issueId, InputStream body) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_PREPARE);
        EmailSend send = newsletters.testSendIssue(
                caller.workspaceId(), id, issueId, AudienceSendJson.testSend(JsonBody.read(body)));
        return Response.accepted(EmailSendJson.view(send))
                .location(URI.create("emails/" + send.id()))
                .build();
    }

    @POST
    @Path(ISSUE + "/schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response scheduleIssue(@PathParam("id") String id, @PathParam("issueId") String issueId, InputStream body) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_PREPARE);
        return ok(newsletters.scheduleIssue(
                caller.workspaceId(), id, issueId, AudienceSendJson.sendAt(JsonBody.read(body))));
    }

    @POST
    @Path(ISSUE + "/cancel")
    public Response cancelIssue(@PathParam("id") String id, @PathParam("issueId") String issueId) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_CANCEL);
        return ok(newsletters.cancelIssue(caller.workspaceId(), id, issueId));
    }

    @GET
    @Path(ISSUE + "/results")
    public Response issueResults(@PathParam("id") String id, @PathParam("issueId") String issueId) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_READ);
        return Response.ok(AudienceSendJson.view(newsletters.issueResults(caller.workspaceId(), id, issueId))
                        .toString())
                .build();
    }

    @POST
    @Path(ISSUE + "/confirmation")
    public Response issueConfirmation(@PathParam("id") String id, @PathParam("issueId") String issueId) {
        Caller caller = currentCaller.require(Scope.BROADCASTS_PREPARE);
        return Response.status(Response.Status.CREATED)
                .entity(AudienceSendJson.view(newsletters.handOverIssue(caller.workspaceId(), id, issueId))
                        .toString())
                .build();
    }

    private static Response ok(NewsletterIssue issue) {
        return Response.ok(AudienceSendJson.view(issue).toString()).build();
    }

    private static Response created(NewsletterIssue issue) {
        return Response.created(URI.create("newsletters/" + issue.newsletterId() + "/issues/" + issue.id()))
                .entity(AudienceSendJson.view(issue).toString())
                .build();
    }
}
