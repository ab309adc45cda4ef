package io.segmentflow.domain.apikey;

import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.shared.Sha256;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A secret that lets a backend act on one workspace within its scopes. Only the SHA-256 hash of the
 * secret is kept, with a short prefix to tell keys apart in a list; the secret is shown once, when
 * it is issued. A revoked key is refused at once.
 * <p>
 * The bootstrap key is the operator's full-access key of the first workspace, generated on the first start or
 * taken from the configuration; {@code bootstrap} marks it, so that a newly configured one can replace it.
 */
public record ApiKey(
        String id,
        WorkspaceId workspaceId,
        String name,
        String prefix,
        String hash,
        Set<Scope> scopes,
        Instant createdAt,
        Instant revokedAt,
        boolean bootstrap) {
    public static final int PREFIX_LENGTH = 12;
    public static final String BOOTSTRAP_NAME = "Bootstrap key";
    private static final int GENERATED_LENGTH = 40;
    private static final String SECRET_PREFIX = "sf_";
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public ApiKey {
        Objects.requireNonNull(id);
        Objects.requireNonNull(workspaceId);
        Objects.requireNonNull(hash);
        scopes = Scope.copyOf(scopes);
    }

    /** A key just issued, with its secret, which is not stored anywhere. */
    public record Issued(ApiKey key, String secret) {}

    public static Issued issue(WorkspaceId workspaceId, String name, Set<Scope> scopes, Instant now) {
        return create(workspaceId, name, scopes, generatedSecret(), now, false);
    }

    /** The first workspace's full-access key, generated on the first start when none is configured. */
    public static Issued generateBootstrap(WorkspaceId workspaceId, Instant now) {
        return create(workspaceId, BOOTSTRAP_NAME, Scope.all(), generatedSecret(), now, true);
    }

    /**
     * The first workspace's full-access key with the secret the operator configured. The secret must be as hard
     * to guess as a generated one ({@link SecretStrength}): it opens every workspace.
     */
    public static Issued configuredBootstrap(WorkspaceId workspaceId, String secret, Instant now) {
        return create(workspaceId, BOOTSTRAP_NAME, Scope.all(), requireStrong(secret), now, true);
    }

    /** The secret, if an operator may choose it: 1-200 characters, as hard to guess as a generated one. */
    private static String requireStrong(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            throw new InvalidValueException("key", "must be 1-200 characters");
        }
        SecretStrength strength;
        try {
            strength = SecretStrength.of(secret);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("key", e.getMessage());
        }
        if (!strength.matchesAGeneratedKey()) {
            throw new InvalidValueException(
                    "key",
                    "is too easy to guess: about " + strength.bits()
                            + " bits by the estimate, where a generated key has " + SecretStrength.GENERATED_KEY_BITS
                            + "; use 80 random hexadecimal characters, e.g. the output of 'openssl rand -hex 40'");
        }
        return secret;
    }

    private static Issued create(
            WorkspaceId workspaceId, String name, Set<Scope> scopes, String secret, Instant now, boolean bootstrap) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidValueException("name", "must be 1-200 characters");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new InvalidValueException("scopes", "must name at least one scope");
        }
        ApiKey key = new ApiKey(
                Identifier.next("key", now),
                workspaceId,
                name.strip(),
                secret.substring(0, Math.min(PREFIX_LENGTH, secret.length())),
                hashOf(secret),
                scopes,
                now,
                null,
                bootstrap);
        return new Issued(key, secret);
    }

    private static String generatedSecret() {
        StringBuilder secret = new StringBuilder(SECRET_PREFIX);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            secret.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return secret.toString();
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
        return isActive() ? new ApiKey(id, workspaceId, name, prefix, hash, scopes, createdAt, now, bootstrap) : this;
    }
}
