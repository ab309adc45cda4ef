package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.access.Caller;
import io.segmentflow.application.access.ManageAccessUseCase;
import io.segmentflow.domain.apikey.Scope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Set;

/** New workspaces (tenants) of this installation, created by a key with {@code workspaces:create}. */
@Path("/workspaces")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WorkspacesResource {
    @Inject
    CurrentCaller currentCaller;

    @Inject
    ManageAccessUseCase access;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        Caller caller = currentCaller.require(Scope.WORKSPACES_CREATE);
        JsonFields json = JsonFields.of(JsonBody.read(body)).allowOnly(Set.of("name"));
        String name = json.string("name", true);
        json.throwIfInvalid();
        ManageAccessUseCase.NewWorkspace created = access.createWorkspace(caller, name);
        return Response.status(201)
                .entity(Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add("object", "workspace")
                        .add("id", created.workspace().id().value())
                        .add("name", created.workspace().name())
                        .add("createdAt", created.workspace().createdAt().toString())
                        .add(
                                "apiKey",
                                ApiKeysResource.view(created.key().key())
                                        .add("key", created.key().secret()))
                        .build()
                        .toString())
                .build();
    }
}
