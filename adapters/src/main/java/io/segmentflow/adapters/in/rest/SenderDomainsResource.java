package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.access.Caller;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.sender.ManageSenderDomainsUseCase;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.sender.DnsRecord;
import io.segmentflow.domain.sender.RecordCheck;
import io.segmentflow.domain.sender.SenderDomain;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
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
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sender domains: made with a DKIM key pair of their own, answered with the DNS records to publish, verified against
 * DNS. The private key never appears in an answer.
 */
@Path("/domains")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SenderDomainsResource {
    private static final Set<String> FIELDS = Set.of("name");

    @Inject
    CurrentCaller currentCaller;

    @Inject
    ManageSenderDomainsUseCase domains;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        Caller caller = currentCaller.require(Scope.DOMAINS_WRITE);
        JsonFields json = JsonFields.of(JsonBody.read(body)).allowOnly(FIELDS);
        String name = json.string("name", true);
        json.throwIfInvalid();
        SenderDomain domain = domains.create(caller.workspaceId(), name);
        return Response.created(URI.create("domains/" + domain.id()))
                .entity(view(domain).toString())
                .build();
    }

    @GET
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Caller caller = currentCaller.require(Scope.DOMAINS_READ);
        List<FieldError> errors = new ArrayList<>();
        int size = Paging.limit(
                limit, ManageSenderDomainsUseCase.DEFAULT_LIMIT, ManageSenderDomainsUseCase.MAX_LIMIT, errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return Paging.answer(domains.list(caller.workspaceId(), cursor, size), SenderDomainsResource::view);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.DOMAINS_READ);
        return Response.ok(view(domains.get(caller.workspaceId(), id)).toString())
                .build();
    }

    /** Answers 204 without a body, so a client that accepts only problem documents is served too. */
    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.DOMAINS_WRITE);
        domains.delete(caller.workspaceId(), id);
        return Response.noContent().build();
    }

    /** Looks the records up in DNS now; the answer is the domain as it stands after, with what was found per record. */
    @POST
    @Path("{id}/verify")
    public Response verify(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.DOMAINS_WRITE);
        return Response.ok(view(domains.verify(caller.workspaceId(), id)).toString())
                .build();
    }

    static JsonObject view(SenderDomain domain) {
        JsonArrayBuilder records = Jsonp.PROVIDER.createArrayBuilder();
        for (DnsRecord record : domain.records()) {
            records.add(Jsonp.PROVIDER
                    .createObjectBuilder()
                    .add("purpose", record.purpose().wireName())
                    .add("type", DnsRecord.TYPE)
                    .add("name", record.name())
                    .add("value", record.value())
                    .add("required", record.required())
                    .add("note", record.note()));
        }
        JsonArrayBuilder checks = Jsonp.PROVIDER.createArrayBuilder();
        for (RecordCheck check : domain.checks()) {
            JsonObjectBuilder item = Jsonp.PROVIDER
                    .createObjectBuilder()
                    .add("purpose", check.purpose().wireName())
                    .add("name", check.name())
                    .add("result", check.result().wireName())
                    .add("found", Jsonp.PROVIDER.createArrayBuilder(check.found()));
            JsonOutput.nullable(item, "problem", check.problem());
            checks.add(item);
        }
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "domain")
                .add("id", domain.id())
                .add("name", domain.name().value())
                .add("status", domain.status().wireName())
                .add("selector", domain.selector())
                .add("records", records)
                .add("checks", checks);
        JsonOutput.nullable(
                json,
                "checkedAt",
                domain.checkedAt() == null ? null : domain.checkedAt().toString());
        return json.add("createdAt", domain.createdAt().toString())
                .add("updatedAt", domain.updatedAt().toString())
                .build();
    }
}
