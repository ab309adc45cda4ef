package io.segmentflow.adapters.shared;

/**
 * The PostgreSQL channel on which a key's revocation reaches every node with its commit: nodes keep active keys in
 * memory while they listen, and forget them when they hear one.
 */
public final class KeyRevokedChannel {
    /** The channel's name, for {@code LISTEN} and {@code pg_notify}. */
    public static final String NAME = "segmentflow_key_revoked";

    private KeyRevokedChannel() {}
}
