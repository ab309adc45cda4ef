package io.segmentflow.application.broadcast;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.port.out.Broadcasts;
import io.segmentflow.application.port.out.CarrierSends;
import io.segmentflow.application.port.out.NewsletterIssues;
import io.segmentflow.application.port.out.Newsletters;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads Broadcasts and NewsletterIssues for the dashboard, each Issue with its Newsletter. */
public class AudienceSendsService implements AudienceSendsQuery {
    private final Broadcasts broadcasts;
    private final Newsletters newsletters;
    private final NewsletterIssues issues;
    private final CarrierSends carrierSends;

    public AudienceSendsService(
            Broadcasts broadcasts, Newsletters newsletters, NewsletterIssues issues, CarrierSends carrierSends) {
        this.broadcasts = broadcasts;
        this.newsletters = newsletters;
        this.issues = issues;
        this.carrierSends = carrierSends;
    }

    @Override
    public List<AudienceSend> latestBroadcasts(WorkspaceId workspaceId, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        return broadcasts.latest(workspaceId, limit).stream()
                .map(AudienceSend::of)
                .toList();
    }

    @Override
    public List<AudienceSend> latestIssues(WorkspaceId workspaceId, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        Map<String, Optional<Newsletter>> ofIssue = new HashMap<>();
        return issues.latest(workspaceId, limit).stream()
                .flatMap(issue -> ofIssue
                        .computeIfAbsent(issue.newsletterId(), id -> newsletters.find(workspaceId, id))
                        .map(newsletter -> AudienceSend.of(issue, newsletter))
                        .stream())
                .toList();
    }

    @Override
    public Progress progress(WorkspaceId workspaceId, CarrierType type, String id) {
        AudienceSend send = type == CarrierType.BROADCAST
                ? broadcasts
                        .find(workspaceId, id)
                        .map(AudienceSend::of)
                        .orElseThrow(() -> new NotFoundException("broadcast", id))
                : issue(workspaceId, id);
        return new Progress(send, carrierSends.results(send.ref()));
    }

    private AudienceSend issue(WorkspaceId workspaceId, String id) {
        NewsletterIssue issue =
                issues.find(workspaceId, id).orElseThrow(() -> new NotFoundException("newsletter issue", id));
        Newsletter newsletter = newsletters
                .find(workspaceId, issue.newsletterId())
                .orElseThrow(() -> new NotFoundException("newsletter issue", id));
        return AudienceSend.of(issue, newsletter);
    }
}
