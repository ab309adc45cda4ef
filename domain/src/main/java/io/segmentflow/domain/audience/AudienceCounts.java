package io.segmentflow.domain.audience;

/**
 * An audience counted before it is sent to (preflight): every member of the segment, and how many of them would get
 * the email and why the others would not. A member counts under the first reason that holds, in this order: no
 * address, suppressed, unsubscribed, never subscribed (for a group that needs a subscription).
 */
public record AudienceCounts(
        long audienceSize, long eligible, long suppressed, long unsubscribed, long neverSubscribed, long noAddress) {}
