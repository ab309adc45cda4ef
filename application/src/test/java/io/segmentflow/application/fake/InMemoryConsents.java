package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Consents;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Consents in memory, one per Profile and group, as the table's key has it. */
public final class InMemoryConsents implements Consents, TransactionalStore {
    private record Key(String profileId, String subscriptionGroupId) {}

    private final Map<Key, Consent> consents = new LinkedHashMap<>();

    @Override
    public void set(Consent consent) {
        consents.put(new Key(consent.profileId(), consent.subscriptionGroupId()), consent);
    }

    @Override
    public List<Consent> of(WorkspaceId workspaceId, String profileId) {
        return consents.values().stream()
                .filter(c ->
                        c.workspaceId().equals(workspaceId) && c.profileId().equals(profileId))
                .sorted(Comparator.comparing(Consent::subscriptionGroupId))
                .toList();
    }

    @Override
    public Map<String, ConsentStatus> statusesOf(
            WorkspaceId workspaceId, String subscriptionGroupId, Collection<String> profileIds) {
        Map<String, ConsentStatus> found = new HashMap<>();
        for (String profileId : profileIds) {
            Consent consent = consents.get(new Key(profileId, subscriptionGroupId));
            if (consent != null && consent.workspaceId().equals(workspaceId)) {
                found.put(profileId, consent.status());
            }
        }
        return found;
    }

    @Override
    public Runnable checkpoint() {
        Map<Key, Consent> saved = new LinkedHashMap<>(consents);
        return () -> {
            consents.clear();
            consents.putAll(saved);
        };
    }
}
