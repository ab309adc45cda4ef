package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.Page;
import io.segmentflow.application.access.Caller;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.profileimport.ImportProfilesUseCase;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.profileimport.ImportRowError;
import io.segmentflow.domain.profileimport.ProfileImport;
import io.segmentflow.domain.profileimport.ProfileImportFormat;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bulk Profile imports: an upload of Profiles (CSV or NDJSON), streamed into the import's staging as it arrives and
 * imported by a batch job; its progress, and the rows it refused.
 */
@Path("/profiles/imports")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProfileImportsResource {
    static final String CSV = "text/csv";
    static final String NDJSON = "application/x-ndjson";

    @Inject
    CurrentCaller currentCaller;

    @Inject
    ImportProfilesUseCase imports;

    /** Takes any media type, so that one it does not read is refused in its own words. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response upload(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Caller caller = currentCaller.require(Scope.PROFILES_WRITE);
        ProfileImportFormat format = format(contentType);
        ProfileImport accepted = imports.upload(caller.workspaceId(), format, body);
        JsonObject answer = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "profile_import")
                .add("importId", accepted.id())
                .add("status", accepted.status().wireName())
                .build();
        return Response.accepted(answer.toString())
                .location(URI.create("/api/v1/profiles/imports/" + accepted.id()))
                .build();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Caller caller = currentCaller.require(Scope.PROFILES_READ);
        return Response.ok(view(imports.get(caller.workspaceId(), id)).toString())
                .build();
    }

    @GET
    @Path("{id}/errors")
    public Response errors(
            @PathParam("id") String id, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Caller caller = currentCaller.require(Scope.PROFILES_READ);
        List<FieldError> problems = new ArrayList<>();
        int pageSize = Paging.limit(
                limit, ImportProfilesUseCase.DEFAULT_ERRORS_LIMIT, ImportProfilesUseCase.MAX_ERRORS_LIMIT, problems);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        Page<ImportRowError> page = imports.errors(caller.workspaceId(), id, cursor, pageSize);
        return Paging.answer(page, ProfileImportsResource::view);
    }

    /** The upload's format from its media type; UTF-8 is the only charset read. */
    static ProfileImportFormat format(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            type = null;
        }
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (type != null && (charset == null || charset.equalsIgnoreCase("utf-8"))) {
            String name = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
            if (name.equals(CSV)) {
                return ProfileImportFormat.CSV;
            }
            if (name.equals(NDJSON) || name.equals("application/ndjson")) {
                return ProfileImportFormat.NDJSON;
            }
        }
        throw new RequestRejected(
                415,
                "unsupported_media_type",
                "an import is read as " + CSV + " or " + NDJSON + " (UTF-8): send it with one of those Content-Types");
    }

    static JsonObject view(ProfileImport i) {
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "profile_import")
                .add("id", i.id())
                .add("format", i.format().wireName())
                .add("status", i.status().wireName())
                .add("totalRows", i.totalRows())
                .add("rowsRead", i.nextRow())
                .add("imported", i.imported())
                .add("failed", i.failed());
        JsonOutput.nullable(json, "failureReason", i.failureReason());
        return json.add("createdAt", i.createdAt().toString())
                .add("updatedAt", i.updatedAt().toString())
                .build();
    }

    static JsonObject view(ImportRowError e) {
        return Jsonp.PROVIDER
                .createObjectBuilder()
                .add("line", e.line())
                .add("code", e.code())
                .add("message", e.message())
                .build();
    }
}
