package io.segmentflow.adapters.in.rest;

import io.segmentflow.application.access.Caller;
import io.segmentflow.application.email.BatchOutcome;
import io.segmentflow.application.email.FindEmailSendQuery;
import io.segmentflow.application.email.SendBatchUseCase;
import io.segmentflow.application.email.SendEmailUseCase;
import io.segmentflow.application.email.SendOutcome;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.idempotency.FirstAnswer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;

/** emails.send, emails.batchSend and reading an EmailSend back. */
@Path("/emails")
@RequestScoped
public class EmailsResource {
    @Inject
    CurrentCaller currentCaller;

    @Inject
    SendEmailUseCase sendEmail;

    @Inject
    SendBatchUseCase sendBatch;

    @Inject
    FindEmailSendQuery emailSends;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response send(@HeaderParam("Idempotency-Key") String idempotencyKey, InputStream body) {
        Caller caller = currentCaller.require(Scope.EMAILS_WRITE);
        SendOutcome outcome = sendEmail.send(
                SendEmailRequest.parse(caller.workspaceId(), idempotencyKey, JsonBody.read(body)), this::accepted);
        Response.ResponseBuilder response = Response.status(outcome.answer().code())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(outcome.answer().body());
        if (outcome instanceof SendOutcome.Accepted accepted) {
            response.location(URI.create("emails/" + accepted.send().id()));
        } else {
            response.header("Idempotency-Replayed", "true");
        }
        return response.build();
    }

    /** emails.batchSend: each item is accepted or refused on its own, so the answer is 200 with one entry per item. */
    @POST
    @Path("batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response sendBatch(InputStream body) {
        Caller caller = currentCaller.require(Scope.EMAILS_WRITE);
        BatchOutcome outcome = sendBatch.sendBatch(
                BatchSendRequest.parse(caller.workspaceId(), JsonBody.read(body, BatchSendRequest.MAX_BYTES)),
                this::accepted);
        return Response.ok(BatchOutcomeJson.write(outcome), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /**
     * emails.send's answer to an accepted send: 202 with the send. A batch item's key keeps it too, so that a
     * retry of that item through emails.send gets the answer emails.send would have given.
     */
    private FirstAnswer accepted(EmailSend send) {
        return new FirstAnswer(Response.Status.ACCEPTED.getStatusCode(), EmailSendJson.view(send));
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.EMAILS_READ);
        var send = emailSends.find(caller.workspaceId(), id);
        return Response.ok(
                        EmailSendJson.view(send, emailSends.attempts(caller.workspaceId(), id)),
                        MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
