package io.segmentflow.application.port.out;

import java.time.Instant;

/** Secrets the server makes for itself once and keeps (when no setting gives one), shared by every node. */
public interface ServerSecrets {
    /**
     * The secret kept under {@code name}; the first call anywhere keeps {@code candidate}, and every later call (on any
     * node, concurrent or not) gets that first one back. Runs inside a transaction.
     */
    String secret(String name, String candidate, Instant now);
}
