package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.DatabaseOutage;
import io.segmentflow.application.error.ApplicationException;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.TooManyFailuresException;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.shared.InvalidValueException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place where a refusal becomes an HTTP answer. A caller never sees a stack trace. */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());
    /** About how long a PostgreSQL restart takes: a client that waits this long before retrying is likely served. */
    static final int RETRY_AFTER_SECONDS = 5;
    /** One log line per this many milliseconds of an outage, not one per request refused. */
    private static final long OUTAGE_LOG_EVERY_MILLIS = 10_000;

    private static final AtomicLong nextOutageLog = new AtomicLong();
    private static final AtomicLong refusedSinceLog = new AtomicLong();

    private static final Map<String, Integer> STATUS_BY_CODE = Map.ofEntries(
            Map.entry("validation_failed", 422),
            Map.entry("not_found", 404),
            Map.entry("idempotency_key_reuse", 422),
            Map.entry("concurrent_request", 409),
            Map.entry("profile_conflict", 409),
            Map.entry("template_invalid", 422),
            Map.entry("template_render_failed", 422),
            Map.entry("unauthorized", 401),
            Map.entry("insufficient_scope", 403),
            Map.entry("too_many_requests", 429),
            Map.entry("journey_not_api_triggered", 409),
            Map.entry("journey_paused", 409),
            Map.entry("already_in_run", 409),
            Map.entry("already_entered", 409),
            Map.entry("payload_too_large", 413),
            Map.entry("domain_exists", 409),
            Map.entry("sender_not_ready", 422));

    private static final Map<Integer, String> CODE_BY_STATUS = Map.of(
            400, "bad_request",
            401, "unauthorized",
            403, "forbidden",
            404, "not_found",
            405, "method_not_allowed",
            406, "not_acceptable",
            413, "payload_too_large",
            415, "unsupported_media_type");

    @Override
    public Response toResponse(Throwable thrown) {
        if (thrown instanceof TooManyFailuresException e) {
            return Response.fromResponse(Problems.response(429, e.code(), e.getMessage(), List.of()))
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                    .build();
        }
        if (thrown instanceof ApplicationException e) {
            return Problems.response(
                    STATUS_BY_CODE.getOrDefault(e.code(), 422), e.code(), e.getMessage(), e.fieldErrors());
        }
        if (thrown instanceof RequestRejected e) {
            return Problems.response(e.status(), e.code(), e.getMessage(), List.of());
        }
        if (thrown instanceof InvalidValueException e) {
            return Problems.response(
                    422,
                    "validation_failed",
                    e.field() + ": " + e.getMessage(),
                    List.of(new FieldError(e.field(), e.getMessage())));
        }
        if (thrown instanceof IllegalTransitionException e) {
            return Problems.response(409, "invalid_state", e.getMessage(), List.of());
        }
        if (thrown instanceof WebApplicationException e && e.getResponse().getStatus() < 500) {
            int status = e.getResponse().getStatus();
            String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
            Response problem = Problems.response(
                    status, CODE_BY_STATUS.getOrDefault(status, "bad_request"), detailOf(status, allow), List.of());
            return allow == null
                    ? problem
                    : Response.fromResponse(problem)
                            .header(HttpHeaders.ALLOW, allow)
                            .build();
        }
        if (DatabaseOutage.explains(thrown)) {
            return unavailable(thrown);
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "incident " + incident, thrown);
        return Problems.response(
                500, "internal_error", "something went wrong on our side; quote incident " + incident, List.of());
    }

    /**
     * The JAX-RS implementation's own message quotes its internals (message ids such as RESTEASY003065, class
     * names): the caller gets the refusal in this API's words instead.
     */
    private static String detailOf(int status, String allow) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this resource does not take that method" + (allow == null ? "" : "; it takes " + allow);
            case 406 -> "this resource answers only in application/json: accept it";
            case 415 -> "this resource reads only application/json: send the body with Content-Type: application/json";
            default -> "the request could not be understood";
        };
    }

    /**
     * The database cannot be reached: nothing is wrong with the request, and it can be sent again as it was. A
     * send whose commit was cut off may have been accepted after all; its Idempotency-Key makes the retry safe.
     */
    private static Response unavailable(Throwable thrown) {
        long refused = refusedSinceLog.incrementAndGet();
        long now = System.currentTimeMillis();
        long due = nextOutageLog.get();
        if (now >= due && nextOutageLog.compareAndSet(due, now + OUTAGE_LOG_EVERY_MILLIS)) {
            refusedSinceLog.addAndGet(-refused);
            LOG.warning(() -> "the database cannot be reached: " + refused + " requests answered 503 since the"
                    + " last report; latest: " + DatabaseOutage.reason(thrown));
        }
        Response problem = Problems.response(
                503,
                "service_unavailable",
                "the database cannot be reached at the"
                        + " moment; retry in a few seconds (with the same Idempotency-Key, a request that was accepted after"
                        + " all is answered as it was)",
                List.of());
        return Response.fromResponse(problem)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }
}
