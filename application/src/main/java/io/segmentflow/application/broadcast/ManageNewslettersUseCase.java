package io.segmentflow.application.broadcast;

import io.segmentflow.application.Page;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterDefinition;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;

/**
 * Newsletters and their Issues through the API; an Issue goes the way a Broadcast goes (see
 * {@link ManageBroadcastsUseCase}). An Issue is always read within its Newsletter: under another Newsletter's id it
 * is not found.
 */
public interface ManageNewslettersUseCase {
    int MAX_LIMIT = 100;

    Newsletter create(WorkspaceId workspaceId, NewsletterDefinition definition);

    Newsletter find(WorkspaceId workspaceId, String id);

    Page<Newsletter> list(WorkspaceId workspaceId, String cursor, int limit);

    Newsletter update(WorkspaceId workspaceId, String id, NewsletterDefinition definition);

    NewsletterIssue createIssue(WorkspaceId workspaceId, String newsletterId, IssueRequest request);

    NewsletterIssue findIssue(WorkspaceId workspaceId, String newsletterId, String issueId);

    Page<NewsletterIssue> listIssues(WorkspaceId workspaceId, String newsletterId, String cursor, int limit);

    NewsletterIssue updateIssue(WorkspaceId workspaceId, String newsletterId, String issueId, IssueRequest request);

    NewsletterIssue duplicateIssue(WorkspaceId workspaceId, String newsletterId, String issueId);

    Preflight preflightIssue(WorkspaceId workspaceId, String newsletterId, String issueId);

    EmailSend testSendIssue(WorkspaceId workspaceId, String newsletterId, String issueId, TestSendRequest request);

    NewsletterIssue scheduleIssue(WorkspaceId workspaceId, String newsletterId, String issueId, Instant sendAt);

    NewsletterIssue cancelIssue(WorkspaceId workspaceId, String newsletterId, String issueId);

    SendResults issueResults(WorkspaceId workspaceId, String newsletterId, String issueId);

    ConfirmationLink handOverIssue(WorkspaceId workspaceId, String newsletterId, String issueId);
}
