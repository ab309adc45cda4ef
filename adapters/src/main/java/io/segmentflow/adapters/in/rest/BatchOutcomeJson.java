package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.email.BatchOutcome;
import io.segmentflow.application.error.ApplicationException;
import io.segmentflow.application.error.FieldError;

/**
 * The answer to emails.batchSend: {@code {object, total, accepted, rejected, items}}. An accepted or
 * replayed item carries the very body emails.send answers with (as stored with its key), written in as is.
 */
final class BatchOutcomeJson {
    private BatchOutcomeJson() {}

    static String write(BatchOutcome outcome) {
        StringBuilder out = new StringBuilder(256 + 1024 * outcome.items().size());
        out.append("{\"object\":\"batch\",\"total\":")
                .append(outcome.items().size())
                .append(",\"accepted\":")
                .append(outcome.accepted())
                .append(",\"rejected\":")
                .append(outcome.rejected())
                .append(",\"items\":[");
        for (int i = 0; i < outcome.items().size(); i++) {
            BatchOutcome.Item item = outcome.items().get(i);
            out.append(i == 0 ? "{" : ",{")
                    .append("\"index\":")
                    .append(item.index())
                    .append(",\"idempotencyKey\":");
            if (item.idempotencyKey() == null) {
                out.append("null");
            } else {
                text(item.idempotencyKey(), out);
            }
            if (item instanceof BatchOutcome.Accepted accepted) {
                out.append(",\"send\":").append(accepted.answer().body());
            } else if (item instanceof BatchOutcome.Replayed replayed) {
                out.append(",\"send\":").append(replayed.answer().body()).append(",\"replayed\":true");
            } else {
                rejected(((BatchOutcome.Rejected) item).refusal(), out);
            }
            out.append('}');
        }
        return out.append("]}").toString();
    }

    private static void rejected(ApplicationException refusal, StringBuilder out) {
        out.append(",\"rejected\":{\"error\":");
        text(refusal.code(), out);
        out.append(",\"message\":");
        text(refusal.getMessage(), out);
        if (!refusal.fieldErrors().isEmpty()) {
            out.append(",\"errors\":[");
            for (int i = 0; i < refusal.fieldErrors().size(); i++) {
                FieldError error = refusal.fieldErrors().get(i);
                out.append(i == 0 ? "{\"field\":" : ",{\"field\":");
                text(error.field(), out);
                out.append(",\"message\":");
                text(error.message(), out);
                out.append('}');
            }
            out.append(']');
        }
        out.append('}');
    }

    /** A JSON string, escaped by the JSON provider (quotes, backslashes, control characters). */
    private static void text(String value, StringBuilder out) {
        out.append(Jsonp.PROVIDER.createValue(value == null ? "" : value));
    }
}
