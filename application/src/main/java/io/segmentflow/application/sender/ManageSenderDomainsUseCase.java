package io.segmentflow.application.sender;

import io.segmentflow.application.Page;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.workspace.WorkspaceId;

/** A workspace's sender domains: created with a DKIM key pair of their own, verified against DNS, deleted. */
public interface ManageSenderDomainsUseCase {
    int DEFAULT_LIMIT = 20;
    int MAX_LIMIT = 100;

    /**
     * @throws io.segmentflow.domain.shared.InvalidValueException when {@code name} is not a domain name
     * @throws io.segmentflow.application.error.SenderDomainExistsException when the workspace has it already
     */
    SenderDomain create(WorkspaceId workspaceId, String name);

    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such domain */
    SenderDomain get(WorkspaceId workspaceId, String id);

    Page<SenderDomain> list(WorkspaceId workspaceId, String cursor, int limit);

    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such domain */
    void delete(WorkspaceId workspaceId, String id);

    /**
     * Looks the domain's records up in DNS and keeps what was found: verified, pending or failed, per record.
     *
     * @throws io.segmentflow.application.error.NotFoundException when the workspace has no such domain
     */
    SenderDomain verify(WorkspaceId workspaceId, String id);
}
