package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Broadcasts;
import io.segmentflow.application.port.out.CarrierConfirmations;
import io.segmentflow.application.port.out.NewsletterIssues;
import io.segmentflow.application.port.out.Newsletters;
import io.segmentflow.domain.audience.CarrierConfirmation;
import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Broadcasts, Newsletters, their Issues and confirmation links in memory, each store a view of this one; a read
 * gives a copy, as a database row would, and a transaction that fails puts every one of them back.
 */
public final class InMemoryCarriers implements TransactionalStore {
    private final Map<String, Broadcast> broadcasts = new TreeMap<>();
    private final Map<String, Newsletter> newsletters = new TreeMap<>();
    private final Map<String, NewsletterIssue> issues = new TreeMap<>();
    private final Map<String, CarrierConfirmation> confirmations = new TreeMap<>();

    private final Broadcasts broadcastStore = new Broadcasts() {
        @Override
        public void add(Broadcast broadcast) {
            broadcasts.put(broadcast.id(), copy(broadcast));
        }

        @Override
        public void update(Broadcast broadcast) {
            broadcasts.put(broadcast.id(), copy(broadcast));
        }

        @Override
        public Optional<Broadcast> find(WorkspaceId workspaceId, String id) {
            return Optional.ofNullable(broadcasts.get(id))
                    .filter(b -> b.workspaceId().equals(workspaceId))
                    .map(InMemoryCarriers::copy);
        }

        @Override
        public Optional<Broadcast> findForUpdate(WorkspaceId workspaceId, String id) {
            return find(workspaceId, id);
        }

        @Override
        public List<Broadcast> list(WorkspaceId workspaceId, String afterId, int limit) {
            return broadcasts.values().stream()
                    .filter(b -> b.workspaceId().equals(workspaceId))
                    .filter(b -> afterId == null || b.id().compareTo(afterId) > 0)
                    .limit(limit)
                    .map(InMemoryCarriers::copy)
                    .toList();
        }

        @Override
        public List<Broadcast> latest(WorkspaceId workspaceId, int limit) {
            return broadcasts.values().stream()
                    .filter(b -> b.workspaceId().equals(workspaceId))
                    .sorted(Comparator.comparing(Broadcast::id).reversed())
                    .limit(limit)
                    .map(InMemoryCarriers::copy)
                    .toList();
        }

        @Override
        public List<Broadcast> claimDue(Instant now, int limit) {
            return broadcasts.values().stream()
                    .filter(b -> b.lifecycle().isDue(now))
                    .sorted(Comparator.comparing(b -> b.lifecycle().sendAt()))
                    .limit(limit)
                    .map(InMemoryCarriers::copy)
                    .toList();
        }
    };

    private final Newsletters newsletterStore = new Newsletters() {
        @Override
        public void add(Newsletter newsletter) {
            newsletters.put(newsletter.id(), copy(newsletter));
        }

        @Override
        public void update(Newsletter newsletter) {
            newsletters.put(newsletter.id(), copy(newsletter));
        }

        @Override
        public Optional<Newsletter> find(WorkspaceId workspaceId, String id) {
            return Optional.ofNullable(newsletters.get(id))
                    .filter(n -> n.workspaceId().equals(workspaceId))
                    .map(InMemoryCarriers::copy);
        }

        @Override
        public List<Newsletter> list(WorkspaceId workspaceId, String afterId, int limit) {
            return newsletters.values().stream()
                    .filter(n -> n.workspaceId().equals(workspaceId))
                    .filter(n -> afterId == null || n.id().compareTo(afterId) > 0)
                    .limit(limit)
                    .map(InMemoryCarriers::copy)
                    .toList();
        }
    };

    private final NewsletterIssues issueStore = new NewsletterIssues() {
        @Override
        public void add(NewsletterIssue issue) {
            issues.put(issue.id(), copy(issue));
        }

        @Override
        public void update(NewsletterIssue issue) {
            issues.put(issue.id(), copy(issue));
        }

        @Override
        public Optional<NewsletterIssue> find(WorkspaceId workspaceId, String id) {
            return Optional.ofNullable(issues.get(id))
                    .filter(i -> i.workspaceId().equals(workspaceId))
                    .map(InMemoryCarriers::copy);
        }

        @Override
        public Optional<NewsletterIssue> findForUpdate(WorkspaceId workspaceId, String id) {
            return find(workspaceId, id);
        }

        @Override
        public List<NewsletterIssue> listOf(WorkspaceId workspaceId, String newsletterId, String afterId, int limit) {
            return issues.values().stream()
                    .filter(i -> i.workspaceId().equals(workspaceId)
                            && i.newsletterId().equals(newsletterId))
                    .filter(i -> afterId == null || i.id().compareTo(afterId) > 0)
                    .limit(limit)
                    .map(InMemoryCarriers::copy)
                    .toList();
        }

        @Override
        public List<NewsletterIssue> latest(WorkspaceId workspaceId, int limit) {
            return issues.values().stream()
                    .filter(i -> i.workspaceId().equals(workspaceId))
                    .sorted(Comparator.comparing(NewsletterIssue::id).reversed())
                    .limit(limit)
                    .map(InMemoryCarriers::copy)
                    .toList();
        }

        @Override
        public List<NewsletterIssue> claimDue(Instant now, int limit) {
            return issues.values().stream()
                    .filter(i -> i.lifecycle().isDue(now))
                    .sorted(Comparator.comparing(i -> i.lifecycle().sendAt()))
                    .limit(limit)
                    .map(InMemoryCarriers::copy)
                    .toList();
        }
    };

    private final CarrierConfirmations confirmationStore = new CarrierConfirmations() {
        @Override
        public void add(CarrierConfirmation confirmation) {
            confirmations.put(confirmation.tokenHash(), copy(confirmation));
        }

        @Override
        public Optional<CarrierConfirmation> findForUpdate(String tokenHash) {
            return Optional.ofNullable(confirmations.get(tokenHash)).map(InMemoryCarriers::copy);
        }

        @Override
        public void update(CarrierConfirmation confirmation) {
            confirmations.put(confirmation.tokenHash(), copy(confirmation));
        }
    };

    public Broadcasts broadcasts() {
        return broadcastStore;
    }

    public Newsletters newsletters() {
        return newsletterStore;
    }

    public NewsletterIssues issues() {
        return issueStore;
    }

    public CarrierConfirmations confirmations() {
        return confirmationStore;
    }

    /** Every confirmation link stored, as stored. */
    public List<CarrierConfirmation> storedConfirmations() {
        return confirmations.values().stream().map(InMemoryCarriers::copy).toList();
    }

    @Override
    public Runnable checkpoint() {
        Map<String, Broadcast> savedBroadcasts = new TreeMap<>();
        broadcasts.forEach((id, b) -> savedBroadcasts.put(id, copy(b)));
        Map<String, Newsletter> savedNewsletters = new TreeMap<>();
        newsletters.forEach((id, n) -> savedNewsletters.put(id, copy(n)));
        Map<String, NewsletterIssue> savedIssues = new TreeMap<>();
        issues.forEach((id, i) -> savedIssues.put(id, copy(i)));
        Map<String, CarrierConfirmation> savedConfirmations = new TreeMap<>();
        confirmations.forEach((hash, c) -> savedConfirmations.put(hash, copy(c)));
        return () -> {
            broadcasts.clear();
            broadcasts.putAll(savedBroadcasts);
            newsletters.clear();
            newsletters.putAll(savedNewsletters);
            issues.clear();
            issues.putAll(savedIssues);
            confirmations.clear();
            confirmations.putAll(savedConfirmations);
        };
    }

    private static CarrierLifecycle copy(CarrierLifecycle l, String label) {
        return CarrierLifecycle.restore(
                label,
                l.status(),
                l.sendAt(),
                l.pinned(),
                l.startedAt(),
                l.finishedAt(),
                l.written(),
                l.failureReason());
    }

    private static Broadcast copy(Broadcast b) {
        return Broadcast.restore(
                b.id(),
                b.workspaceId(),
                b.definition(),
                copy(b.lifecycle(), Broadcast.label(b.id())),
                b.createdAt(),
                b.updatedAt());
    }

    private static Newsletter copy(Newsletter n) {
        return Newsletter.restore(n.id(), n.workspaceId(), n.definition(), n.createdAt(), n.updatedAt());
    }

    private static NewsletterIssue copy(NewsletterIssue i) {
        return NewsletterIssue.restore(
                i.id(),
                i.workspaceId(),
                i.newsletterId(),
                i.definition(),
                copy(i.lifecycle(), NewsletterIssue.label(i.id())),
                i.createdAt(),
                i.updatedAt());
    }

    private static CarrierConfirmation copy(CarrierConfirmation c) {
        return CarrierConfirmation.restore(c.tokenHash(), c.carrier(), c.createdAt(), c.expiresAt(), c.usedAt());
    }
}
