package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.SenderDomains;
import io.segmentflow.domain.sender.DomainName;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.sender.SenderDomainStatus;
import io.segmentflow.domain.sender.TxtLookup;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Sender domains in memory; each is copied in and out, as a database would, since a domain changes when verified. */
public final class InMemorySenderDomains implements SenderDomains, TransactionalStore {
    private final TreeMap<String, SenderDomain> domains = new TreeMap<>();

    /** Adds a domain of the workspace whose DKIM record was found as published: verified. */
    public SenderDomain addVerified(WorkspaceId workspaceId, String name, Instant now) {
        SenderDomain domain = SenderDomain.create(workspaceId, new DomainName(name), "AAAA", "sealed:test", now);
        domain.verify(
                n -> n.equals(domain.dkimRecordName())
                        ? new TxtLookup.Found(List.of(domain.records().get(0).value()))
                        : new TxtLookup.Absent(),
                now);
        add(domain);
        return domain;
    }

    @Override
    public boolean add(SenderDomain domain) {
        if (findByName(domain.workspaceId(), domain.name()).isPresent()) {
            return false;
        }
        domains.put(domain.id(), copy(domain));
        return true;
    }

    @Override
    public void update(SenderDomain domain) {
        domains.put(domain.id(), copy(domain));
    }

    @Override
    public Optional<SenderDomain> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(domains.get(id))
                .filter(d -> d.workspaceId().equals(workspaceId))
                .map(InMemorySenderDomains::copy);
    }

    @Override
    public Optional<SenderDomain> findByName(WorkspaceId workspaceId, DomainName name) {
        return domains.values().stream()
                .filter(d -> d.workspaceId().equals(workspaceId) && d.name().equals(name))
                .findFirst()
                .map(InMemorySenderDomains::copy);
    }

    @Override
    public List<SenderDomain> list(WorkspaceId workspaceId, String afterId, int limit) {
        return domains.values().stream()
                .filter(d -> d.workspaceId().equals(workspaceId))
                .filter(d -> afterId == null || d.id().compareTo(afterId) > 0)
                .limit(limit)
                .map(InMemorySenderDomains::copy)
                .toList();
    }

    @Override
    public boolean remove(WorkspaceId workspaceId, String id) {
        return find(workspaceId, id).isPresent() && domains.remove(id) != null;
    }

    @Override
    public Map<WorkspaceId, List<SenderDomain>> verifiedOf(Collection<WorkspaceId> workspaceIds) {
        return domains.values().stream()
                .filter(d -> workspaceIds.contains(d.workspaceId()) && d.status() == SenderDomainStatus.VERIFIED)
                .map(InMemorySenderDomains::copy)
                .collect(Collectors.groupingBy(SenderDomain::workspaceId));
    }

    private static SenderDomain copy(SenderDomain d) {
        return SenderDomain.restore(
                d.id(),
                d.workspaceId(),
                d.name(),
                d.selector(),
                d.publicKey(),
                d.sealedPrivateKey(),
                d.status(),
                d.checks(),
                d.checkedAt(),
                d.createdAt(),
                d.updatedAt());
    }

    @Override
    public Runnable checkpoint() {
        TreeMap<String, SenderDomain> saved = new TreeMap<>(domains);
        return () -> {
            domains.clear();
            domains.putAll(saved);
        };
    }
}
