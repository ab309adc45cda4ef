package io.segmentflow.application.audience;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.port.out.Consents;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.SubscriptionGroups;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentSource;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** Keeps subscription groups and the consents the Profiles API records. */
public class SubscriptionGroupService implements ManageSubscriptionGroupsUseCase {
    private final SubscriptionGroups groups;
    private final Consents consents;
    private final Profiles profiles;
    private final Transactions transactions;
    private final Clock clock;

    public SubscriptionGroupService(
            SubscriptionGroups groups, Consents consents, Profiles profiles, Transactions transactions, Clock clock) {
        this.groups = groups;
        this.consents = consents;
        this.profiles = profiles;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public SubscriptionGroup create(WorkspaceId workspaceId, String name, String description, boolean optIn) {
        SubscriptionGroup group =
                valid(() -> SubscriptionGroup.create(workspaceId, name, description, optIn, clock.instant()));
        transactions.inTransaction(() -> {
            groups.add(group);
            return null;
        });
        return group;
    }

    @Override
    public SubscriptionGroup get(WorkspaceId workspaceId, String id) {
        return groups.find(workspaceId, id).orElseThrow(() -> new NotFoundException("subscription group", id));
    }

    @Override
    public Page<SubscriptionGroup> list(WorkspaceId workspaceId, String cursor, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        List<SubscriptionGroup> rows = groups.list(workspaceId, Page.idAfter(cursor), limit + 1);
        return Page.of(rows, limit, g -> Page.cursorAfter(g.id()));
    }

    @Override
    public SubscriptionGroup update(
            WorkspaceId workspaceId, String id, String name, String description, boolean optIn) {
        return transactions.inTransaction(() -> {
            SubscriptionGroup edited =
                    valid(() -> get(workspaceId, id).edited(name, description, optIn, clock.instant()));
            groups.update(edited);
            return edited;
        });
    }

    @Override
    public void delete(WorkspaceId workspaceId, String id) {
        if (!transactions.inTransaction(() -> groups.remove(workspaceId, id, clock.instant()))) {
            throw new NotFoundException("subscription group", id);
        }
    }

    @Override
    public List<Consent> consentsOf(WorkspaceId workspaceId, String profileId) {
        return transactions.inTransaction(() -> {
            profiles.find(workspaceId, profileId).orElseThrow(() -> new NotFoundException("profile", profileId));
            return consents.of(workspaceId, profileId);
        });
    }

    @Override
    public Consent setConsent(
            WorkspaceId workspaceId, String profileId, String subscriptionGroupId, ConsentStatus status) {
        return transactions.inTransaction(() -> {
            // Locked, so that an erasure of the Profile cannot slip between this check and the write.
            profiles.lock(workspaceId, profileId).orElseThrow(() -> new NotFoundException("profile", profileId));
            get(workspaceId, subscriptionGroupId);
            Consent consent = new Consent(
                    workspaceId, profileId, subscriptionGroupId, status, ConsentSource.API, clock.instant());
            consents.set(consent);
            return consent;
        });
    }

    private static <T> T valid(Supplier<T> make) {
        try {
            return make.get();
        } catch (InvalidValueException e) {
            throw new ValidationFailedException(e.field(), e.getMessage());
        }
    }
}
