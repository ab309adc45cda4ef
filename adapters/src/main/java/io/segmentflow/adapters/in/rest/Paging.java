package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.Page;
import io.segmentflow.application.error.FieldError;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Function;

/** How list endpoints read their {@code limit} and answer a page: {@code {object, data, hasMore, nextCursor}}. */
final class Paging {
    private Paging() {}

    /** The page size asked for, or {@code defaultLimit}; a value that is no whole number is recorded in errors. */
    static int limit(String raw, int defaultLimit, int maxLimit, List<FieldError> errors) {
        if (raw == null) {
            return defaultLimit;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            errors.add(new FieldError("limit", "must be a whole number from 1 to " + maxLimit));
            return defaultLimit;
        }
    }

    static <T> Response answer(Page<T> page, Function<T, JsonObject> view) {
        JsonArrayBuilder data = Jsonp.PROVIDER.createArrayBuilder();
        page.data().forEach(item -> data.add(view.apply(item)));
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "list")
                .add("data", data)
                .add("hasMore", page.hasMore());
        JsonOutput.nullable(json, "nextCursor", page.nextCursor());
        return Response.ok(json.build().toString()).build();
    }
}
