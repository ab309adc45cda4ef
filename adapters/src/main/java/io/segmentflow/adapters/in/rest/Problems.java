package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.error.FieldError;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Builds RFC 9457 problem documents: {@code type, title, status, detail}, plus {@code error} and {@code errors[]}. */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";
    static final String AUTHENTICATE = "WWW-Authenticate";
    static final String AUTHENTICATE_BEARER = "Bearer realm=\"segmentflow\"";

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not found"),
            Map.entry(405, "Method not allowed"),
            Map.entry(406, "Not acceptable"),
            Map.entry(409, "Conflict"),
            Map.entry(413, "Payload too large"),
            Map.entry(415, "Unsupported media type"),
            Map.entry(422, "Unprocessable content"),
            Map.entry(429, "Too many requests"),
            Map.entry(500, "Internal server error"),
            Map.entry(503, "Service unavailable"));

    private Problems() {}

    static Response response(int status, String code, String detail, List<FieldError> errors) {
        Response.ResponseBuilder response =
                Response.status(status).type(MEDIA_TYPE).entity(body(status, code, detail, errors));
        if (status == 401) {
            response.header(AUTHENTICATE, AUTHENTICATE_BEARER);
        }
        return response.build();
    }

    /** The problem document itself, for answers made outside JAX-RS. */
    static String body(int status, String code, String detail, List<FieldError> errors) {
        JsonObjectBuilder body = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("type", "urn:segmentflow:problem:" + code)
                .add("title", TITLES.getOrDefault(status, "Error"))
                .add("status", status)
                .add("detail", detail == null ? "" : detail)
                .add("error", code);
        if (!errors.isEmpty()) {
            JsonArrayBuilder list = Jsonp.PROVIDER.createArrayBuilder();
            errors.forEach(e -> list.add(
                    Jsonp.PROVIDER.createObjectBuilder().add("field", e.field()).add("message", e.message())));
            body.add("errors", list);
        }
        return body.build().toString();
    }
}
