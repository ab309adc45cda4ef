package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.access.Caller;
import io.segmentflow.application.access.ManageAccessUseCase;
import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.apikey.Scope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** API keys of the caller's workspace. A new key's secret is in the creation answer and nowhere else. */
@Path("/api-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {
    @Inject
    CurrentCaller currentCaller;

    @Inject
    ManageAccessUseCase access;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        Caller caller = currentCaller.require(Scope.API_KEYS_WRITE);
        JsonFields json = JsonFields.of(JsonBody.read(body)).allowOnly(Set.of("name", "scopes"));
        String name = json.string("name", true);
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        json.strings("scopes").stream()
                .map(s -> json.parse("scopes", s, Scope::fromWire))
                .filter(Objects::nonNull)
                .forEach(scopes::add);
        if (scopes.isEmpty() && !json.hasErrors()) {
            json.error("scopes", "must name at least one scope");
        }
        json.throwIfInvalid();
        ApiKey.Issued issued = access.issueKey(caller, name, scopes);
        return Response.status(201)
                .entity(view(issued.key()).add("key", issued.secret()).build().toString())
                .build();
    }

    @GET
    public Response list() {
        Caller caller = currentCaller.require(Scope.API_KEYS_WRITE);
        JsonArrayBuilder data = Jsonp.PROVIDER.createArrayBuilder();
        access.listKeys(caller).forEach(k -> data.add(view(k)));
        return Response.ok(Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add("object", "list")
                        .add("data", data)
                        .build()
                        .toString())
                .build();
    }

    /** Answers 204 without a body, so a client that accepts only problem documents is served too. */
    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        access.revokeKey(currentCaller.require(Scope.API_KEYS_WRITE), id);
        return Response.noContent().build();
    }

    static JsonObjectBuilder view(ApiKey key) {
        JsonArrayBuilder scopes = Jsonp.PROVIDER.createArrayBuilder();
        key.scopes().stream().map(Scope::wireName).sorted().forEach(scopes::add);
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "api_key")
                .add("id", key.id())
                .add("name", key.name())
                .add("prefix", key.prefix())
                .add("scopes", scopes)
                .add("createdAt", key.createdAt().toString());
        JsonOutput.nullable(
                json,
                "revokedAt",
                key.revokedAt() == null ? null : key.revokedAt().toString());
        return json;
    }
}
