package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.access.Caller;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.suppression.ManageSuppressionsUseCase;
import io.segmentflow.application.suppression.ManageSuppressionsUseCase.Added;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.suppression.SuppressionReason;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The workspace's suppression list: addresses never to be mailed. An address in the path may be in any
 * case; the list answers with it in lower case. The path takes the rest of the URL, since a local part
 * may contain a slash.
 */
@Path("/suppressions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SuppressionsResource {
    @Inject
    CurrentCaller currentCaller;

    @Inject
    ManageSuppressionsUseCase suppressions;

    @GET
    public Response list(@QueryParam("limit") String limit, @QueryParam("after") String after) {
        Caller caller = currentCaller.require(Scope.SUPPRESSIONS_READ);
        List<FieldError> errors = new ArrayList<>();
        int pageSize = Paging.limit(
                limit, ManageSuppressionsUseCase.DEFAULT_LIMIT, ManageSuppressionsUseCase.MAX_LIMIT, errors);
        EmailAddress cursor = null;
        if (after != null) {
            try {
                cursor = EmailAddress.of(after);
            } catch (InvalidValueException e) {
                errors.add(new FieldError("after", "must be the nextCursor of a page: " + e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return Paging.answer(suppressions.list(caller.workspaceId(), cursor, pageSize), SuppressionsResource::view);
    }

    @GET
    @Path("{email: .+}")
    public Response get(@PathParam("email") String email) {
        Caller caller = currentCaller.require(Scope.SUPPRESSIONS_READ);
        return Response.ok(view(suppressions.get(caller.workspaceId(), address(email)))
                        .toString())
                .build();
    }

    /** Lists an address by hand: 201 when it is new, 200 with the first entry when it was listed already. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(InputStream body) {
        Caller caller = currentCaller.require(Scope.SUPPRESSIONS_WRITE);
        JsonFields json = JsonFields.of(JsonBody.read(body)).allowOnly(Set.of("email", "reason"));
        String email = json.string("email", true);
        String reason = json.string("reason", false);
        EmailAddress address = email == null ? null : json.build(() -> EmailAddress.of(email));
        if (reason != null && !reason.equals(SuppressionReason.MANUAL.wireName())) {
            json.error("reason", "must be manual: hard_bounce and complaint entries are added by delivery");
        }
        json.throwIfInvalid();
        Added added = suppressions.addManual(caller.workspaceId(), address);
        if (added.alreadySuppressed()) {
            return Response.ok(view(added.suppression()).toString()).build();
        }
        return Response.created(UriBuilder.fromPath("suppressions/{email}")
                        .build(added.suppression().address().value()))
                .entity(view(added.suppression()).toString())
                .build();
    }

    /** Answers 204 without a body, so a client that accepts only problem documents is served too. */
    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    @Path("{email: .+}")
    public Response remove(@PathParam("email") String email) {
        Caller caller = currentCaller.require(Scope.SUPPRESSIONS_WRITE);
        suppressions.remove(caller.workspaceId(), address(email));
        return Response.noContent().build();
    }

    private static EmailAddress address(String email) {
        try {
            return EmailAddress.of(email);
        } catch (InvalidValueException e) {
            throw e.at("email");
        }
    }

    static JsonObject view(Suppression s) {
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "suppression")
                .add("email", s.address().value())
                .add("reason", s.reason().wireName());
        JsonOutput.nullable(json, "detail", s.detail());
        JsonOutput.nullable(json, "emailId", s.emailSendId());
        return json.add("createdAt", s.createdAt().toString()).build();
    }
}
