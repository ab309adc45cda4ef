package io.segmentflow.application.access;

/**
 * How this node learns of API keys revoked on any node. While it hears of every one, active keys are kept in memory
 * rather than read for each request; a revoked key must still stop at once everywhere.
 */
public interface HearKeyRevocationsUseCase {
    /**
     * Whether this node hears of every key revoked on any node from now on: it is the only node, or it listens to the
     * others. False until said otherwise.
     */
    void hearsRevocations(boolean hears);

    /** Another node revoked a key (committed): the keys kept in memory are read again. */
    void keyRevokedElsewhere();
}
