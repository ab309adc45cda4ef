package io.segmentflow.domain.apikey;

import io.segmentflow.domain.shared.Sha256;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A secret that lets a backend act on one workspace within its scopes. Only the SHA-256 hash of the
 * secret is kept, with a short prefix to tell keys apart in a list; the secret is shown once, when
 * it is issued. A revoked key is refused at once.
 */
public record ApiKey(String id, WorkspaceId workspaceId, String name, String prefix, String hash, Set<Scope> scopes,
                     Instant createdAt, Instant revokedAt) {
    public static final int PREFIX_LENGTH = 12;
    private static final String SECRET_PREFIX = "sf_";
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public ApiKey {
        Objects.requireNonNull(id);
        Objects.requireNonNull(workspaceId);
        Objects.requireNonNull(hash);
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** A key just issued, with its secret, which is not stored anywhere. */
    public record Issued(ApiKey key, String secret) {
    }

    public static Issued issue(WorkspaceId workspaceId, String name, Set<Scope> scopes, Instant now) {
        StringBuilder secret = new StringBuilder(SECRET_PREFIX);
        for (int i = 0; i < 40; i++) {
            secret.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return withSecret(workspaceId, name, scopes, secret.toString(), now);
    }

    /** A key whose secret the operator chose (the bootstrap key from configuration). */
    public static Issued withSecret(WorkspaceId workspaceId, String name, Set<Scope> scopes, String secret, Instant now) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidValueException("name", "must be 1-200 characters");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new InvalidValueException("scopes", "must name at least one scope");
        }
        if (secret == null || secret.length() < 20 || secret.length() > 200) {
            throw new InvalidValueException("key", "must be 20-200 characters");
        }
        ApiKey key = new ApiKey(Identifier.next("key", now), workspaceId, name.strip(),
                secret.substring(0, Math.min(PREFIX_LENGTH, secret.length())), hashOf(secret), scopes, now, null);
        return new Issued(key, secret);
    }

    public static String hashOf(String secret) {
        return Sha256.ofUtf8(secret);
    }

    public boolean isActive() {
        return revokedAt == null;
    }

    public boolean allows(Scope scope) {
        return isActive() && scopes.contains(scope);
    }

    public ApiKey revoke(Instant now) {
        return isActive() ? new ApiKey(id, workspaceId, name, prefix, hash, scopes, createdAt, now) : this;
    }
}
