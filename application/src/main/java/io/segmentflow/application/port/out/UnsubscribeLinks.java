package io.segmentflow.application.port.out;

import java.util.Optional;

/**
 * The one-click unsubscribe links of emails sent under a subscription group (RFC 8058): one per recipient and group,
 * signed, so that a link names only what it was made for and cannot be altered to name another Profile or group.
 */
public interface UnsubscribeLinks {
    /** What a genuine link names. */
    record Target(String profileId, String subscriptionGroupId) {}

    /** The absolute https (or, on a local server, http) URL of the Profile's link for the group. */
    String linkFor(String profileId, String subscriptionGroupId);

    /** What the token of a link names; empty when it is not one this server signed, or was altered. */
    Optional<Target> read(String token);
}
