package io.segmentflow.application.port.out;

import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The Issues of Newsletters. */
public interface NewsletterIssues {
    void add(NewsletterIssue issue);

    void update(NewsletterIssue issue);

    Optional<NewsletterIssue> find(WorkspaceId workspaceId, String id);

    /** The Issue, locked until the transaction ends, so two moves do not cross. */
    Optional<NewsletterIssue> findForUpdate(WorkspaceId workspaceId, String id);

    /** A page of one Newsletter's Issues in id order, after {@code afterId} (null: from the first). */
    List<NewsletterIssue> listOf(WorkspaceId workspaceId, String newsletterId, String afterId, int limit);

    /** The workspace's newest Issues of every Newsletter, newest first. */
    List<NewsletterIssue> latest(WorkspaceId workspaceId, int limit);

    /** As {@link Broadcasts#claimDue}: scheduled Issues whose time has come, locked, skipping rows others hold. */
    List<NewsletterIssue> claimDue(Instant now, int limit);
}
