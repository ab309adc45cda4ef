package io.segmentflow.domain.idempotency;

import java.util.Objects;

/**
 * The first answer given under an idempotency key, as the inbound adapter that gave it wrote it. It is stored
 * with the key in the transaction that made it and handed back unchanged to every retry: the application keeps
 * it whole and never reads it, so {@code code} and {@code body} mean what that adapter means by them.
 */
public record FirstAnswer(int code, String body) {
    public FirstAnswer {
        Objects.requireNonNull(body);
    }
}
