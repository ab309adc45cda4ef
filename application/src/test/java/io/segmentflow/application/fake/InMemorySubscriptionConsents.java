package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.SubscriptionConsents;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Subscription groups and consent in memory: a group is known once a test adds it. */
public final class InMemorySubscriptionConsents implements SubscriptionConsents, TransactionalStore {
    private final Map<WorkspaceId, Set<String>> groups = new LinkedHashMap<>();
    /** Consent by "profileId groupId". */
    private final Map<String, ConsentStatus> consents = new LinkedHashMap<>();

    public void addGroup(WorkspaceId workspaceId, String groupId) {
        groups.computeIfAbsent(workspaceId, w -> new HashSet<>()).add(groupId);
    }

    @Override
    public Set<String> knownGroups(WorkspaceId workspaceId, Collection<String> groupIds) {
        Set<String> known = groups.getOrDefault(workspaceId, Set.of());
        return groupIds.stream().filter(known::contains).collect(Collectors.toSet());
    }

    @Override
    public void recordAll(WorkspaceId workspaceId, List<Consent> recorded, String source, Instant at) {
        recorded.forEach(c -> consents.put(c.profileId() + " " + c.groupId(), c.status()));
    }

    /** The Profile's consent to the group; {@code never} when none was recorded. */
    public ConsentStatus consentOf(String profileId, String groupId) {
        return consents.getOrDefault(profileId + " " + groupId, ConsentStatus.NEVER);
    }

    @Override
    public Runnable checkpoint() {
        Map<String, ConsentStatus> saved = new LinkedHashMap<>(consents);
        return () -> {
            consents.clear();
            consents.putAll(saved);
        };
    }
}
