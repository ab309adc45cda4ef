package io.segmentflow.application.audience;

import java.util.Optional;

/**
 * One-click unsubscribe (RFC 8058): the recipient of an email sent under a subscription group follows its signed
 * link. Looking changes nothing; confirming unsubscribes the Profile from that group. No key, no session: the link's
 * signature is the authority, and it names one Profile and one group.
 */
public interface UnsubscribeUseCase {
    /** What a genuine link is about: the group's name (nothing of the Profile), and whether it is done already. */
    record Subject(String groupName, boolean unsubscribed) {}

    /** What the link would unsubscribe from; empty for a link that is not genuine or names nothing any more. */
    Optional<Subject> look(String token);

    /** Unsubscribes the link's Profile from its group; empty, and nothing changed, for a link that is not genuine. */
    Optional<Subject> unsubscribe(String token);
}
