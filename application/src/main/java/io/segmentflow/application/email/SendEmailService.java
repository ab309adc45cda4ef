package io.segmentflow.application.email;

import io.segmentflow.application.Page;
import io.segmentflow.application.acceptance.GroupedAcceptance;
import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.IdempotencyKeyReuseException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.UnknownSubscriptionGroupException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.port.out.DispatchSignal;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.application.port.out.IdempotencyRecords;
import io.segmentflow.application.port.out.IdempotencyRecords.StoredAnswer;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.SubscriptionGroups;
import io.segmentflow.application.port.out.Templates;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.email.AudienceLink;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Collectors;

/**
 * Accepts sends into the outbox exactly once per idempotency key: a batch in one transaction, and single sends in
 * groups of those that arrive together ({@link GroupedAcceptance}), each group in one transaction with the same
 * set-wise store calls as a batch.
 */
public class SendEmailService implements SendEmailUseCase, SendBatchUseCase, FindEmailSendQuery, AutoCloseable {
    private final EmailSends sends;
    private final Templates templates;
    private final Profiles profiles;
    private final SubscriptionGroups groups;
    private final IdempotencyRecords idempotency;
    private final Transactions transactions;
    private final DispatchSignal dispatchSignal;
    private final Clock clock;
    private final Mailbox defaultFrom;
    private final GroupedAcceptance<SingleSend, BatchOutcome.Item> singles;

    /**
     * @param grouping how concurrent single sends are grouped into one transaction
     * @param threads  where the groups are accepted: threads that can run {@code transactions}
     */
    public SendEmailService(
            EmailSends sends,
            Templates templates,
            Profiles profiles,
            SubscriptionGroups groups,
            IdempotencyRecords idempotency,
            Transactions transactions,
            DispatchSignal dispatchSignal,
            Clock clock,
            Mailbox defaultFrom,
            GroupedAcceptance.Limits grouping,
            ThreadFactory threads) {
        this.sends = sends;
        this.templates = templates;
        this.profiles = profiles;
        this.groups = groups;
        this.idempotency = idempotency;
        this.transactions = transactions;
        this.dispatchSignal = dispatchSignal;
        this.clock = clock;
        this.defaultFrom = defaultFrom;
        this.singles = new GroupedAcceptance<>(
                "segmentflow-accept",
                grouping,
                this::acceptTogether,
                single -> new KeyInWorkspace(
                        single.command().workspaceId(), single.command().idempotencyKey()),
                threads);
    }

    /** Stops taking single sends; those waiting are accepted first (or refused, past the grace period). */
    @Override
    public void close() {
        singles.close();
    }

    /** A well-formed send waiting for its answer, with its place in the request or group, and its caller's answer. */
    private record Pending(int index, SendEmailCommand command, AnswerToAcceptedSend answerTo) {
        IdempotencyKey key() {
            return command.idempotencyKey();
        }
    }

    /** One emails.send waiting in line to be accepted with the others of its group. */
    private record SingleSend(SendEmailCommand command, AnswerToAcceptedSend answerTo) {}

    /** Two sends under the same key of the same workspace never share a group: the later replays the earlier. */
    private record KeyInWorkspace(WorkspaceId workspaceId, IdempotencyKey key) {}

    /**
     * Thrown inside a group's transaction when some of its sends were not accepted, to roll back what was done on
     * their way (their profile upserts) before the accepted ones go again without them.
     */
    private static final class NotAllAccepted extends RuntimeException {
        private final List<BatchOutcome.Item> outcomes;

        NotAllAccepted(List<BatchOutcome.Item> outcomes) {
            super(null, null, false, false);
            this.outcomes = outcomes;
        }
    }

    @Override
    public SendOutcome send(SendEmailCommand command, AnswerToAcceptedSend answerTo) {
        BatchOutcome.Item outcome = singles.accept(new SingleSend(command, answerTo));
        if (outcome instanceof BatchOutcome.Accepted accepted) {
            return new SendOutcome.Accepted(accepted.send(), accepted.answer());
        }
        if (outcome instanceof BatchOutcome.Replayed replayed) {
            return new SendOutcome.Replayed(replayed.answer());
        }
        throw ((BatchOutcome.Rejected) outcome).refusal();
    }

    /** Single sends waiting for a group, not yet in one. */
    int singleSendsWaiting() {
        return singles.waiting();
    }

    /**
     * Accepts a group of single sends in one transaction, set-wise as a batch is. The transaction commits only
     * when it accepted every send of the group: one refused or replayed rolls it back, is answered so, and the
     * others go again without it, so that nothing is stored for a request that was not accepted.
     */
    private List<BatchOutcome.Item> acceptTogether(List<SingleSend> group) {
        BatchOutcome.Item[] outcomes = new BatchOutcome.Item[group.size()];
        List<Pending> open = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            open.add(new Pending(i, group.get(i).command(), group.get(i).answerTo()));
        }
        boolean accepted = false;
        while (!open.isEmpty()) {
            List<Pending> trying = open;
            List<BatchOutcome.Item> settled;
            try {
                settled = transactions.inTransaction(() -> {
                    List<BatchOutcome.Item> items = settleTogether(trying);
                    if (items.stream().allMatch(BatchOutcome.Accepted.class::isInstance)) {
                        return items;
                    }
                    throw new NotAllAccepted(items);
                });
                accepted = true;
                open = List.of();
            } catch (NotAllAccepted rolledBack) {
                settled = rolledBack.outcomes.stream()
                        .filter(item -> !(item instanceof BatchOutcome.Accepted))
                        .toList();
                Set<Integer> refused =
                        settled.stream().map(BatchOutcome.Item::index).collect(Collectors.toSet());
                open = trying.stream().filter(p -> !refused.contains(p.index())).toList();
            }
            for (BatchOutcome.Item item : settled) {
                outcomes[item.index()] = item;
            }
        }
        if (accepted) {
            dispatchSignal.sendsQueued();
        }
        return List.of(outcomes);
    }

    /** What becomes of each send of a group, workspace by workspace in one order, so two groups cannot deadlock. */
    private List<BatchOutcome.Item> settleTogether(List<Pending> group) {
        Instant now = clock.instant();
        Map<WorkspaceId, List<Pending>> byWorkspace = new TreeMap<>(Comparator.comparing(WorkspaceId::value));
        for (Pending p : group) {
            byWorkspace
                    .computeIfAbsent(p.command().workspaceId(), w -> new ArrayList<>())
                    .add(p);
        }
        List<BatchOutcome.Item> items = new ArrayList<>(group.size());
        for (Map.Entry<WorkspaceId, List<Pending>> workspace : byWorkspace.entrySet()) {
            List<BatchOutcome.Item> answers = acceptNew(workspace.getKey(), workspace.getValue(), now);
            items.addAll(replayedDespiteTemplateGone(workspace.getKey(), workspace.getValue(), answers));
        }
        return items;
    }

    /** A retry of a send accepted before its template was deleted still gets its first answer. */
    private List<BatchOutcome.Item> replayedDespiteTemplateGone(
            WorkspaceId workspace, List<Pending> pending, List<BatchOutcome.Item> answers) {
        Map<Integer, Pending> byIndex = new HashMap<>();
        pending.forEach(p -> byIndex.put(p.index(), p));
        List<Pending> templateGone = answers.stream()
                .filter(a -> a instanceof BatchOutcome.Rejected r && r.refusal() instanceof NotFoundException)
                .map(a -> byIndex.get(a.index()))
                .toList();
        if (templateGone.isEmpty()) {
            return answers;
        }
        Map<IdempotencyKey, StoredAnswer> first = idempotency.findAll(
                workspace, templateGone.stream().map(Pending::key).toList());
        List<BatchOutcome.Item> replayed = new ArrayList<>(answers.size());
        for (BatchOutcome.Item a : answers) {
            Pending p = byIndex.get(a.index());
            StoredAnswer stored = first.get(p.key());
            replayed.add(templateGone.contains(p) && stored != null ? answer(p, stored) : a);
        }
        return replayed;
    }

    @Override
    public BatchOutcome sendBatch(SendBatchCommand batch, AnswerToAcceptedSend answerTo) {
        WorkspaceId workspace = batch.workspaceId();
        List<BatchItem> items = batch.items();
        BatchOutcome outcome = transactions.inTransaction(() -> {
            BatchOutcome.Item[] answers = new BatchOutcome.Item[items.size()];
            Map<String, Integer> firstUse = new HashMap<>();
            List<Pending> wellFormed = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                BatchItem item = items.get(i);
                String key = item.idempotencyKey();
                Integer earlier = key == null ? null : firstUse.putIfAbsent(key, i);
                if (earlier != null) {
                    answers[i] = new BatchOutcome.Rejected(
                            i,
                            key,
                            new ValidationFailedException(
                                    "idempotencyKey",
                                    "repeats the key of item " + earlier + " of this batch; each item needs its own"));
                } else if (item instanceof BatchItem.Malformed malformed) {
                    answers[i] = new BatchOutcome.Rejected(i, key, malformed.refusal());
                } else {
                    wellFormed.add(new Pending(i, ((BatchItem.Send) item).command(), answerTo));
                }
            }
            // One look-up for every key: a retried batch replays here and touches nothing else.
            Map<IdempotencyKey, StoredAnswer> answered = wellFormed.isEmpty()
                    ? Map.of()
                    : idempotency.findAll(
                            workspace, wellFormed.stream().map(Pending::key).toList());
            List<Pending> fresh = new ArrayList<>();
            for (Pending pending : wellFormed) {
                StoredAnswer first = answered.get(pending.key());
                if (first != null) {
                    answers[pending.index()] = answer(pending, first);
                } else {
                    fresh.add(pending);
                }
            }
            for (BatchOutcome.Item answer : acceptNew(workspace, fresh, clock.instant())) {
                answers[answer.index()] = answer;
            }
            return new BatchOutcome(List.of(answers));
        });
        if (outcome.items().stream().anyMatch(BatchOutcome.Accepted.class::isInstance)) {
            dispatchSignal.sendsQueued();
        }
        return outcome;
    }

    /**
     * Accepts sends whose keys had no answer when looked at, set-wise: one template look-up, one profile
     * upsert, one reservation of all keys and one insert of all sends, whatever their number. A key that
     * turns out taken meanwhile gets the answer its first request got.
     */
    private List<BatchOutcome.Item> acceptNew(WorkspaceId workspace, List<Pending> pending, Instant now) {
        List<BatchOutcome.Item> answers = new ArrayList<>();
        if (pending.isEmpty()) {
            return answers;
        }
        Map<String, String> snapshots = templates.currentSnapshotIds(
                workspace,
                pending.stream()
                        .map(p -> p.command().templateId())
                        .collect(Collectors.toCollection(LinkedHashSet::new)));
        Set<String> namedGroups = pending.stream()
                .map(p -> p.command().subscriptionGroupId())
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> knownGroups = namedGroups.isEmpty() ? Set.of() : groups.existing(workspace, namedGroups);
        List<Pending> known = new ArrayList<>();
        for (Pending p : pending) {
            String group = p.command().subscriptionGroupId();
            if (!snapshots.containsKey(p.command().templateId())) {
                answers.add(new BatchOutcome.Rejected(
                        p.index(),
                        p.key().value(),
                        new NotFoundException("template", p.command().templateId())));
            } else if (group != null && !knownGroups.contains(group)) {
                answers.add(new BatchOutcome.Rejected(
                        p.index(), p.key().value(), new UnknownSubscriptionGroupException(group)));
            } else {
                known.add(p);
            }
        }
        if (known.isEmpty()) {
            return answers;
        }
        Map<EmailAddress, Profile> recipients = profiles.upsertAll(
                workspace,
                known.stream()
                        .map(p -> new Profiles.Recipient(
                                p.command().to().address(), p.command().toExternalId()))
                        .toList(),
                now);
        List<BatchOutcome.Accepted> candidates = new ArrayList<>(known.size());
        List<IdempotencyRecords.Reservation> reservations = new ArrayList<>(known.size());
        for (Pending p : known) {
            SendEmailCommand command = p.command();
            EmailSend send = newSend(
                    command,
                    snapshots.get(command.templateId()),
                    recipients.get(command.to().address()).id(),
                    now);
            FirstAnswer answer = p.answerTo().answer(send);
            candidates.add(new BatchOutcome.Accepted(p.index(), p.key().value(), send, answer));
            reservations.add(new IdempotencyRecords.Reservation(p.key(), command.fingerprint(), answer));
        }
        Set<IdempotencyKey> reserved = idempotency.reserveAll(workspace, reservations, now);
        List<EmailSend> added = new ArrayList<>(candidates.size());
        List<Pending> taken = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (reserved.contains(known.get(i).key())) {
                added.add(candidates.get(i).send());
                answers.add(candidates.get(i));
            } else {
                taken.add(known.get(i));
            }
        }
        if (!added.isEmpty()) {
            sends.addAll(added);
        }
        if (!taken.isEmpty()) {
            // Another request took these keys since the look-up: committed (replay it) or still in flight.
            Map<IdempotencyKey, StoredAnswer> winners = idempotency.findAll(
                    workspace, taken.stream().map(Pending::key).toList());
            for (Pending p : taken) {
                StoredAnswer first = winners.get(p.key());
                answers.add(
                        first != null
                                ? answer(p, first)
                                : new BatchOutcome.Rejected(
                                        p.index(),
                                        p.key().value(),
                                        new ConcurrentRequestException(p.key().value())));
            }
        }
        return answers;
    }

    private EmailSend newSend(SendEmailCommand command, String snapshotId, String profileId, Instant now) {
        String id = Identifier.next("em", now);
        Mailbox from = command.from() != null ? command.from() : defaultFrom;
        return EmailSend.accept(new EmailSendDetails(
                id,
                command.workspaceId(),
                profileId,
                command.templateId(),
                snapshotId,
                command.to(),
                command.toExternalId(),
                from,
                command.replyTo(),
                command.subject(),
                command.cc(),
                command.bcc(),
                command.data(),
                command.tracking(),
                SendPriority.TRANSACTIONAL,
                EmailSend.messageIdFor(id, from.address()),
                command.idempotencyKey().value(),
                now,
                null,
                command.subscriptionGroupId() == null ? null : new AudienceLink(command.subscriptionGroupId(), null)));
    }

    /** The first answer to a key, provided the request is the same as the one that got it. */
    private static BatchOutcome.Item answer(Pending pending, StoredAnswer first) {
        String key = pending.key().value();
        if (!first.fingerprint().equals(pending.command().fingerprint())) {
            return new BatchOutcome.Rejected(pending.index(), key, new IdempotencyKeyReuseException(key));
        }
        return new BatchOutcome.Replayed(pending.index(), key, first.answer());
    }

    @Override
    public EmailSend find(WorkspaceId workspaceId, String id) {
        return sends.find(workspaceId, id).orElseThrow(() -> new NotFoundException("email", id));
    }

    @Override
    public List<EmailSend> search(WorkspaceId workspaceId, EmailAddress recipient, EmailSendStatus status, int limit) {
        Page.checkLimit(limit, MAX_SEARCH_LIMIT);
        return sends.search(workspaceId, recipient, status, limit);
    }

    @Override
    public List<DeliveryAttempt> attempts(WorkspaceId workspaceId, String id) {
        return sends.attempts(workspaceId, id);
    }
}
