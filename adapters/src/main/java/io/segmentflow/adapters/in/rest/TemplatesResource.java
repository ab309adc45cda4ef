package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.access.Caller;
import io.segmentflow.application.template.ManageTemplatesUseCase;
import io.segmentflow.application.template.PreviewState;
import io.segmentflow.application.template.TemplateDraft;
import io.segmentflow.application.template.TemplatePreview;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.Set;

/** Templates: create, read, list, replace, delete, and render a preview without sending. */
@Path("/templates")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TemplatesResource {
    private static final Set<String> FIELDS = Set.of("name", "subject", "html", "text", "kind");

    @Inject
    CurrentCaller currentCaller;

    @Inject
    ManageTemplatesUseCase templates;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        Caller caller = currentCaller.require(Scope.TEMPLATES_WRITE);
        Template template = templates.create(caller.workspaceId(), draft(JsonBody.read(body)));
        return Response.created(URI.create("templates/" + template.id()))
                .entity(view(template).toString())
                .build();
    }

    @GET
    public Response list() {
        Caller caller = currentCaller.require(Scope.TEMPLATES_READ);
        JsonArrayBuilder data = Jsonp.PROVIDER.createArrayBuilder();
        templates.list(caller.workspaceId()).forEach(t -> data.add(view(t)));
        return Response.ok(Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add("object", "list")
                        .add("data", data)
                        .build()
                        .toString())
                .build();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.TEMPLATES_READ);
        return Response.ok(view(templates.get(caller.workspaceId(), id)).toString())
                .build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, InputStream body) {
        Caller caller = currentCaller.require(Scope.TEMPLATES_WRITE);
        return Response.ok(view(templates.replace(caller.workspaceId(), id, draft(JsonBody.read(body))))
                        .toString())
                .build();
    }

    /** Answers 204 without a body, so a client that accepts only problem documents is served too. */
    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.TEMPLATES_WRITE);
        templates.delete(caller.workspaceId(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/render")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response render(@PathParam("id") String id, InputStream body) {
        Caller caller = currentCaller.require(Scope.TEMPLATES_READ);
        JsonFields json = JsonFields.of(JsonBody.read(body)).allowOnly(Set.of("data", "profile", "event"));
        PreviewState state =
                new PreviewState(json.objectText("data"), json.objectText("profile"), json.objectText("event"));
        json.throwIfInvalid();
        TemplatePreview rendered = templates.preview(caller.workspaceId(), id, state);
        JsonObjectBuilder out = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("subject", rendered.subject())
                .add("html", rendered.html());
        JsonOutput.nullable(out, "text", rendered.text());
        out.add("warnings", Jsonp.PROVIDER.createArrayBuilder(rendered.warnings()));
        return Response.ok(out.build().toString()).build();
    }

    private static TemplateDraft draft(JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(FIELDS);
        String name = json.string("name", true);
        String kindName = json.string("kind", false);
        TemplateKind kind =
                kindName == null ? TemplateKind.TRANSACTIONAL : json.parse("kind", kindName, TemplateKind::fromWire);
        String subject = json.string("subject", true);
        String html = json.string("html", true);
        String text = json.string("text", false);
        json.throwIfInvalid();
        TemplateContent content = json.build(() -> new TemplateContent(subject, html, text));
        json.throwIfInvalid();
        return new TemplateDraft(name, kind, content);
    }

    static JsonObject view(Template t) {
        TemplateContent c = t.current().content();
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "template")
                .add("id", t.id())
                .add("name", t.name())
                .add("kind", t.kind().wireName())
                .add("subject", c.subject())
                .add("html", c.html());
        JsonOutput.nullable(json, "text", c.text());
        return json.add("snapshotId", t.current().id())
                .add("createdAt", t.createdAt().toString())
                .add("updatedAt", t.updatedAt().toString())
                .build();
    }
}
