package io.segmentflow.adapters.shared;

import java.util.UUID;

/**
 * The PostgreSQL channel on which a node tells the others that it committed new sends, so that their delivery
 * workers look at once instead of at their next poll. The node that notifies writes its own mark as the payload:
 * its listener skips what its own workers were already told.
 */
public final class SendsQueuedChannel {
    /** The channel's name, for {@code LISTEN} and {@code pg_notify}. */
    public static final String NAME = "segmentflow_sends_queued";

    /** This node's mark, new with each start of the application. */
    public static final String THIS_NODE = UUID.randomUUID().toString();

    private SendsQueuedChannel() {}
}
