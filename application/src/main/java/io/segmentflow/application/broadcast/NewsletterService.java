package io.segmentflow.application.broadcast;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.port.out.NewsletterIssues;
import io.segmentflow.application.port.out.Newsletters;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.newsletter.IssueDefinition;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterDefinition;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;

/** Newsletters and their Issues through the API; an Issue's moves are its own, as a Broadcast's are. */
public class NewsletterService implements ManageNewslettersUseCase {
    private final Newsletters newsletters;
    private final NewsletterIssues issues;
    private final SendPreparation preparation;
    private final Transactions transactions;
    private final Clock clock;

    public NewsletterService(Newsletters newsletters, NewsletterIssues issues, SendPreparation preparation) {
        this.newsletters = newsletters;
        this.issues = issues;
        this.preparation = preparation;
        this.transactions = preparation.transactions();
        this.clock = preparation.clock();
    }

    @Override
    public Newsletter create(WorkspaceId workspaceId, NewsletterDefinition definition) {
        return transactions.inTransaction(() -> {
            requireGroupAndTemplate(workspaceId, definition);
            Newsletter newsletter = Newsletter.create(workspaceId, definition, clock.instant());
            newsletters.add(newsletter);
            return newsletter;
        });
    }

    @Override
    public Newsletter find(WorkspaceId workspaceId, String id) {
        return newsletters.find(workspaceId, id).orElseThrow(() -> new NotFoundException("newsletter", id));
    }

    @Override
    public Page<Newsletter> list(WorkspaceId workspaceId, String cursor, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        return Page.of(
                newsletters.list(workspaceId, Page.idAfter(cursor), limit + 1),
                limit,
                newsletter -> Page.cursorAfter(newsletter.id()));
    }

    @Override
    public Newsletter update(WorkspaceId workspaceId, String id, NewsletterDefinition definition) {
        return transactions.inTransaction(() -> {
            Newsletter newsletter = find(workspaceId, id);
            requireGroupAndTemplate(workspaceId, definition);
            newsletter.edit(definition, clock.instant());
            newsletters.update(newsletter);
            return newsletter;
        });
    }

    /** The Newsletter's group and default template must be the workspace's. */
    private void requireGroupAndTemplate(WorkspaceId workspaceId, NewsletterDefinition definition) {
        preparation.requireAudience(workspaceId, null, definition.subscriptionGroupId());
        if (definition.defaultTemplateId() != null) {
            preparation.requireTemplate(workspaceId, definition.defaultTemplateId(), "defaultTemplateId");
        }
    }

    @Override
    public NewsletterIssue createIssue(WorkspaceId workspaceId, String newsletterId, IssueRequest request) {
        return transactions.inTransaction(() -> {
            Newsletter newsletter = find(workspaceId, newsletterId);
            preparation.requireAudience(workspaceId, request.segmentId(), null);
            CarrierContent content = content(workspaceId, newsletter, request, null);
            NewsletterIssue issue = NewsletterIssue.draft(
                    newsletter, new IssueDefinition(request.name(), content, request.segmentId()), clock.instant());
            issues.add(issue);
            return issue;
        });
    }

    /** The Issue's content: what the request names, else the Newsletter's default template. */
    private CarrierContent content(
            WorkspaceId workspaceId, Newsletter newsletter, IssueRequest request, CarrierContent current) {
        if (request.content() != null) {
            return preparation.content(workspaceId, request.content(), current, templateName(newsletter, request));
        }
        String defaultTemplate = newsletter.definition().defaultTemplateId();
        if (defaultTemplate == null) {
            throw new ValidationFailedException(
                    "templateId",
                    "is required: newsletter " + newsletter.id()
                            + " has no default template (or give subject and html)");
        }
        preparation.requireTemplate(workspaceId, defaultTemplate, "templateId");
        return CarrierContent.ofTemplate(defaultTemplate, request.subject());
    }

    @Override
    public NewsletterIssue findIssue(WorkspaceId workspaceId, String newsletterId, String issueId) {
        return issues.find(workspaceId, issueId)
                .filter(issue -> issue.newsletterId().equals(newsletterId))
                .orElseThrow(() -> new NotFoundException("newsletter issue", issueId));
    }

    @Override
    public Page<NewsletterIssue> listIssues(WorkspaceId workspaceId, String newsletterId, String cursor, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        find(workspaceId, newsletterId);
        return Page.of(
                issues.listOf(workspaceId, newsletterId, Page.idAfter(cursor), limit + 1),
                limit,
                issue -> Page.cursorAfter(issue.id()));
    }

    @Override
    public NewsletterIssue updateIssue(
            WorkspaceId workspaceId, String newsletterId, String issueId, IssueRequest request) {
        return transactions.inTransaction(() -> {
            Newsletter newsletter = find(workspaceId, newsletterId);
            NewsletterIssue issue = locked(workspaceId, newsletterId, issueId);
            issue.lifecycle().requireEditable();
            preparation.requireAudience(workspaceId, request.segmentId(), null);
            CarrierContent content =
                    content(workspaceId, newsletter, request, issue.definition().content());
            issue.edit(new IssueDefinition(request.name(), content, request.segmentId()), clock.instant());
            issues.update(issue);
            return issue;
        });
    }

    @Override
    public NewsletterIssue duplicateIssue(WorkspaceId workspaceId, String newsletterId, String issueId) {
        return transactions.inTransaction(() -> {
            Newsletter newsletter = find(workspaceId, newsletterId);
            NewsletterIssue original = findIssue(workspaceId, newsletterId, issueId);
            IssueDefinition definition = original.definition();
            CarrierContent content =
                    preparation.copy(workspaceId, definition.content(), templateName(newsletter, definition.name()));
            NewsletterIssue copy = NewsletterIssue.draft(newsletter, definition.withContent(content), clock.instant());
            issues.add(copy);
            return copy;
        });
    }

    @Override
    public Preflight preflightIssue(WorkspaceId workspaceId, String newsletterId, String issueId) {
        Newsletter newsletter = find(workspaceId, newsletterId);
        NewsletterIssue issue = findIssue(workspaceId, newsletterId, issueId);
        return preparation.preflight(
                workspaceId,
                issue.audience(newsletter),
                newsletter.definition().from(),
                issue.definition().content());
    }

    @Override
    public EmailSend testSendIssue(
            WorkspaceId workspaceId, String newsletterId, String issueId, TestSendRequest request) {
        Newsletter newsletter = find(workspaceId, newsletterId);
        NewsletterIssue issue = findIssue(workspaceId, newsletterId, issueId);
        return preparation.testSend(
                workspaceId,
                issue.definition().content(),
                newsletter.definition().from(),
                request);
    }

    @Override
    public NewsletterIssue scheduleIssue(WorkspaceId workspaceId, String newsletterId, String issueId, Instant sendAt) {
        return transactions.inTransaction(() -> {
            NewsletterIssue issue = locked(workspaceId, newsletterId, issueId);
            issue.schedule(sendAt, clock.instant());
            preparation.requireTemplate(
                    workspaceId, issue.definition().content().templateId(), "templateId");
            preparation.requireSenderReady(
                    workspaceId, find(workspaceId, newsletterId).definition().from());
            issues.update(issue);
            return issue;
        });
    }

    @Override
    public NewsletterIssue cancelIssue(WorkspaceId workspaceId, String newsletterId, String issueId) {
        return transactions.inTransaction(() -> {
            NewsletterIssue issue = locked(workspaceId, newsletterId, issueId);
            issue.cancel(clock.instant());
            issues.update(issue);
            return issue;
        });
    }

    @Override
    public SendResults issueResults(WorkspaceId workspaceId, String newsletterId, String issueId) {
        return preparation.results(findIssue(workspaceId, newsletterId, issueId).ref());
    }

    @Override
    public ConfirmationLink handOverIssue(WorkspaceId workspaceId, String newsletterId, String issueId) {
        return transactions.inTransaction(() -> {
            NewsletterIssue issue = locked(workspaceId, newsletterId, issueId);
            issue.awaitConfirmation(clock.instant());
            preparation.requireTemplate(
                    workspaceId, issue.definition().content().templateId(), "templateId");
            preparation.requireSenderReady(
                    workspaceId, find(workspaceId, newsletterId).definition().from());
            issues.update(issue);
            return preparation.handOver(issue.ref());
        });
    }

    private NewsletterIssue locked(WorkspaceId workspaceId, String newsletterId, String issueId) {
        return issues.findForUpdate(workspaceId, issueId)
                .filter(issue -> issue.newsletterId().equals(newsletterId))
                .orElseThrow(() -> new NotFoundException("newsletter issue", issueId));
    }

    private static String templateName(Newsletter newsletter, IssueRequest request) {
        return templateName(newsletter, request.name());
    }

    private static String templateName(Newsletter newsletter, String issueName) {
        return newsletter.definition().name() + ": " + (issueName == null ? "" : issueName.strip());
    }
}
