package io.segmentflow.domain.operator;

import io.segmentflow.domain.shared.Identifier;
import java.time.Instant;
import java.util.Objects;

/**
 * A person who signs in to the dashboard. The password is kept only as a slow hash, made and checked behind a port;
 * the domain never sees how.
 */
public record Operator(String id, OperatorEmail email, String passwordHash, Instant createdAt) {
    public Operator {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static Operator create(OperatorEmail email, String passwordHash, Instant now) {
        return new Operator(Identifier.next("op", now), email, passwordHash, now);
    }

    public Operator withPasswordHash(String hash) {
        return new Operator(id, email, hash, createdAt);
    }
}
