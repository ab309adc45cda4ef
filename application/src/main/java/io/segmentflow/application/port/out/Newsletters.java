package io.segmentflow.application.port.out;

import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;
import java.util.Optional;

/** Newsletters (their Issues are in {@link NewsletterIssues}). */
public interface Newsletters {
    void add(Newsletter newsletter);

    void update(Newsletter newsletter);

    Optional<Newsletter> find(WorkspaceId workspaceId, String id);

    /** A page of the workspace's Newsletters in id order, after {@code afterId} (null: from the first). */
    List<Newsletter> list(WorkspaceId workspaceId, String afterId, int limit);
}
