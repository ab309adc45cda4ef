package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Suppressions;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Suppression lists in memory, keyed like the table: by workspace and lower-cased address, in address
 * order. Another request can be staged that is adding an address and has not committed yet: this store's
 * add then fails and find sees nothing, as on a database.
 */
public final class InMemorySuppressions implements Suppressions, TransactionalStore {
    private record Slot(WorkspaceId workspace, String address) {
        static Slot of(WorkspaceId workspace, EmailAddress address) {
            return new Slot(workspace, Suppression.keyOf(address).value());
        }
    }

    private final Map<WorkspaceId, TreeMap<String, Suppression>> lists = new HashMap<>();
    private final Set<Slot> addedInFlight = new HashSet<>();
    private int queries;

    @Override
    public boolean add(Suppression suppression) {
        queries++;
        Slot slot = Slot.of(suppression.workspaceId(), suppression.address());
        if (addedInFlight.contains(slot)) {
            return false;
        }
        return listOf(suppression.workspaceId()).putIfAbsent(slot.address(), suppression) == null;
    }

    @Override
    public Optional<Suppression> find(WorkspaceId workspace, EmailAddress address) {
        queries++;
        return Optional.ofNullable(
                listOf(workspace).get(Slot.of(workspace, address).address()));
    }

    @Override
    public Map<EmailAddress, SuppressionReason> suppressedAmong(
            WorkspaceId workspace, Collection<EmailAddress> addresses) {
        queries++;
        Map<EmailAddress, SuppressionReason> suppressed = new LinkedHashMap<>();
        for (EmailAddress address : addresses) {
            Suppression listed =
                    listOf(workspace).get(Slot.of(workspace, address).address());
            if (listed != null) {
                suppressed.put(address, listed.reason());
            }
        }
        return suppressed;
    }

    @Override
    public List<Suppression> list(WorkspaceId workspace, String afterAddress, int limit) {
        queries++;
        TreeMap<String, Suppression> list = listOf(workspace);
        return (afterAddress == null ? list : list.tailMap(afterAddress, false))
                .values().stream().limit(limit).toList();
    }

    @Override
    public boolean remove(WorkspaceId workspace, EmailAddress address) {
        queries++;
        return listOf(workspace).remove(Slot.of(workspace, address).address()) != null;
    }

    /** Another request is adding this address and has not committed yet. */
    public void addedByRequestInFlight(WorkspaceId workspace, EmailAddress address) {
        addedInFlight.add(Slot.of(workspace, address));
    }

    /** How many times the store was asked anything. */
    public int queries() {
        return queries;
    }

    public int size(WorkspaceId workspace) {
        return listOf(workspace).size();
    }

    private TreeMap<String, Suppression> listOf(WorkspaceId workspace) {
        return lists.computeIfAbsent(workspace, w -> new TreeMap<>());
    }

    @Override
    public Runnable checkpoint() {
        Map<WorkspaceId, TreeMap<String, Suppression>> saved = new HashMap<>();
        lists.forEach((workspace, list) -> saved.put(workspace, new TreeMap<>(list)));
        return () -> {
            lists.clear();
            lists.putAll(saved);
        };
    }
}
