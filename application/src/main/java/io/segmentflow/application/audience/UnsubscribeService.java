package io.segmentflow.application.audience;

import io.segmentflow.application.port.out.Consents;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.SubscriptionGroups;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.port.out.UnsubscribeLinks;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentSource;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.profile.Profile;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Reads a link's token through the port that signed it; a genuine token names a Profile and a group of one workspace
 * (the group's): a Profile of another workspace, or one erased since, is nothing to unsubscribe.
 */
public class UnsubscribeService implements UnsubscribeUseCase {
    private final UnsubscribeLinks links;
    private final SubscriptionGroups groups;
    private final Profiles profiles;
    private final Consents consents;
    private final Transactions transactions;
    private final Clock clock;

    public UnsubscribeService(
            UnsubscribeLinks links,
            SubscriptionGroups groups,
            Profiles profiles,
            Consents consents,
            Transactions transactions,
            Clock clock) {
        this.links = links;
        this.groups = groups;
        this.profiles = profiles;
        this.consents = consents;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Optional<Subject> look(String token) {
        return transactions.inTransaction(() -> target(token, false)
                .map(target -> new Subject(target.group().name(), target.status() == ConsentStatus.UNSUBSCRIBED)));
    }

    @Override
    public Optional<Subject> unsubscribe(String token) {
        return transactions.inTransaction(() -> target(token, true).map(target -> {
            if (target.status() != ConsentStatus.UNSUBSCRIBED) {
                consents.set(new Consent(
                        target.group().workspaceId(),
                        target.profile().id(),
                        target.group().id(),
                        ConsentStatus.UNSUBSCRIBED,
                        ConsentSource.UNSUBSCRIBE_LINK,
                        clock.instant()));
            }
            return new Subject(target.group().name(), true);
        }));
    }

    private record Target(SubscriptionGroup group, Profile profile, ConsentStatus status) {}

    private Optional<Target> target(String token, boolean lock) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        return links.read(token)
                .flatMap(named -> groups.findIncludingDeleted(named.subscriptionGroupId())
                        .flatMap(group -> (lock
                                        ? profiles.lock(group.workspaceId(), named.profileId())
                                        : profiles.find(group.workspaceId(), named.profileId()))
                                .map(profile -> new Target(
                                        group,
                                        profile,
                                        consents.statusesOf(group.workspaceId(), group.id(), List.of(profile.id()))
                                                .getOrDefault(profile.id(), SubscriptionGroup.noRecord())))));
    }
}
