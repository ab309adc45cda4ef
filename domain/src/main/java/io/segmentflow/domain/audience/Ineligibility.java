package io.segmentflow.domain.audience;

import java.util.Locale;

/**
 * Why a member of an audience does not get an audience send; the wire name is the lower-case constant name. The
 * reasons are checked in this order and the first that holds is the one given, as preflight counts them
 * ({@link AudienceCounts}).
 */
public enum Ineligibility {
    /** The Profile has no email address. */
    NO_ADDRESS("the Profile has no email address"),
    /** The address is on the workspace's suppression list. */
    SUPPRESSED("the address is on the workspace's suppression list"),
    /** The Profile unsubscribed from the send's subscription group. */
    UNSUBSCRIBED("the Profile unsubscribed from the subscription group"),
    /** The group needs a subscription, and the Profile never subscribed. */
    NEVER_SUBSCRIBED("the Profile never subscribed to the subscription group");

    private final String explanation;

    Ineligibility(String explanation) {
        this.explanation = explanation;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The reason a skipped send records: the wire name first, so that results can count sends by reason, then what
     * it means.
     */
    public String reason() {
        return wireName() + ": " + explanation;
    }

    /** The reason {@link #reason()} names, or null when {@code reason} is not one of these. */
    public static Ineligibility ofReason(String reason) {
        if (reason == null) {
            return null;
        }
        int colon = reason.indexOf(':');
        String wire = colon < 0 ? reason : reason.substring(0, colon);
        for (Ineligibility i : values()) {
            if (i.wireName().equals(wire)) {
                return i;
            }
        }
        return null;
    }
}
