package io.segmentflow.domain.audience;

/**
 * Counts an audience for preflight from its members grouped by what decides their eligibility (address, suppression,
 * consent), so that a store can count in one grouped pass and the group's rule ({@link
 * SubscriptionGroup#exclusionOf}) is still the one that judges.
 */
public final class AudienceTally {
    private final SubscriptionGroup group;
    private long audienceSize;
    private long eligible;
    private long suppressed;
    private long unsubscribed;
    private long neverSubscribed;
    private long noAddress;

    public AudienceTally(SubscriptionGroup group) {
        this.group = group;
    }

    /** Adds {@code count} members alike in address, suppression and consent. */
    public AudienceTally add(boolean hasAddress, boolean isSuppressed, ConsentStatus consent, long count) {
        audienceSize += count;
        group.exclusionOf(hasAddress, isSuppressed, consent)
                .ifPresentOrElse(
                        exclusion -> {
                            switch (exclusion) {
                                case NO_ADDRESS -> noAddress += count;
                                case SUPPRESSED -> suppressed += count;
                                case UNSUBSCRIBED -> unsubscribed += count;
                                case NEVER_SUBSCRIBED -> neverSubscribed += count;
                            }
                        },
                        () -> eligible += count);
        return this;
    }

    public AudienceTally add(AudienceMember member) {
        return add(member.email() != null, member.suppressed(), member.consent(), 1);
    }

    public AudienceCounts counts() {
        return new AudienceCounts(audienceSize, eligible, suppressed, unsubscribed, neverSubscribed, noAddress);
    }
}
