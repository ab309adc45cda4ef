package io.segmentflow.application.port.out;

import io.segmentflow.domain.sender.DomainName;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The workspaces' sender domains. */
public interface SenderDomains {
    /** Adds the domain; false (and nothing added) when the workspace has one of that name already. */
    boolean add(SenderDomain domain);

    /** Stores what a verification found (status, checks, when). */
    void update(SenderDomain domain);

    /** The domain unless it is another workspace's. Read in or out of a transaction. */
    Optional<SenderDomain> find(WorkspaceId workspaceId, String id);

    Optional<SenderDomain> findByName(WorkspaceId workspaceId, DomainName name);

    /** Domains in id order after {@code afterId} (null: from the first), at most {@code limit}. */
    List<SenderDomain> list(WorkspaceId workspaceId, String afterId, int limit);

    /** Deletes the domain; false when the workspace has no such domain. */
    boolean remove(WorkspaceId workspaceId, String id);

    /** The verified domains of each of the workspaces (those with none are left out): one query. */
    Map<WorkspaceId, List<SenderDomain>> verifiedOf(Collection<WorkspaceId> workspaceIds);
}
