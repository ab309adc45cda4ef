package io.segmentflow.application.email;

import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.IdempotencyKeyReuseException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.port.out.DispatchSignal;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.application.port.out.IdempotencyRecords;
import io.segmentflow.application.port.out.IdempotencyRecords.StoredAnswer;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.Templates;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Accepts sends into the outbox, one or a batch at a time, exactly once per idempotency key. */
public class SendEmailService implements SendEmailUseCase, SendBatchUseCase, FindEmailSendQuery {
    private final EmailSends sends;
    private final Templates templates;
    private final Profiles profiles;
    private final IdempotencyRecords idempotency;
    private final Transactions transactions;
    private final DispatchSignal dispatchSignal;
    private final Clock clock;
    private final Mailbox defaultFrom;

    public SendEmailService(
            EmailSends sends,
            Templates templates,
            Profiles profiles,
            IdempotencyRecords idempotency,
            Transactions transactions,
            DispatchSignal dispatchSignal,
            Clock clock,
            Mailbox defaultFrom) {
        this.sends = sends;
        this.templates = templates;
        this.profiles = profiles;
        this.idempotency = idempotency;
        this.transactions = transactions;
        this.dispatchSignal = dispatchSignal;
        this.clock = clock;
        this.defaultFrom = defaultFrom;
    }

    /** Thrown inside a transaction that accepted nothing, to roll back what it did on the way (a profile upsert). */
    private static final class NothingAccepted extends RuntimeException {
        private final BatchOutcome.Item outcome;

        NothingAccepted(BatchOutcome.Item outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /** A well-formed item waiting for its answer, with its place in the request. */
    private record Pending(int index, SendEmailCommand command) {
        IdempotencyKey key() {
            return command.idempotencyKey();
        }
    }

    @Override
    public SendOutcome send(SendEmailCommand command, AnswerToAcceptedSend answerTo) {
        BatchOutcome.Item outcome;
        try {
            // No look-up of the key first: the reservation at the end says whether it was free, and only
            // then (rarely) is the first answer read. The whole transaction rolls back unless it accepted.
            outcome = transactions.inTransaction(() -> {
                BatchOutcome.Item only = acceptNew(
                                command.workspaceId(), List.of(new Pending(0, command)), answerTo, clock.instant())
                        .get(0);
                if (only instanceof BatchOutcome.Rejected rejected && rejected.refusal() instanceof NotFoundException) {
                    // A retry of a send accepted before its template was deleted still gets its first answer.
                    only = idempotency
                            .find(command.workspaceId(), command.idempotencyKey())
                            .map(first -> answer(new Pending(0, command), first))
                            .orElse(only);
                }
                if (only instanceof BatchOutcome.Accepted) {
                    return only;
                }
                throw new NothingAccepted(only);
            });
        } catch (NothingAccepted nothing) {
            outcome = nothing.outcome;
        }
        if (outcome instanceof BatchOutcome.Accepted accepted) {
            dispatchSignal.sendsQueued();
            return new SendOutcome.Accepted(accepted.send(), accepted.answer());
        }
        if (outcome instanceof BatchOutcome.Replayed replayed) {
            return new SendOutcome.Replayed(replayed.answer());
        }
        throw ((BatchOutcome.Rejected) outcome).refusal();
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
                    wellFormed.add(new Pending(i, ((BatchItem.Send) item).command()));
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
            for (BatchOutcome.Item answer : acceptNew(workspace, fresh, answerTo, clock.instant())) {
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
    private List<BatchOutcome.Item> acceptNew(
            WorkspaceId workspace, List<Pending> pending, AnswerToAcceptedSend answerTo, Instant now) {
        List<BatchOutcome.Item> answers = new ArrayList<>();
        if (pending.isEmpty()) {
            return answers;
        }
        Map<String, String> snapshots = templates.currentSnapshotIds(
                workspace,
                pending.stream()
                        .map(p -> p.command().templateId())
                        .collect(Collectors.toCollection(LinkedHashSet::new)));
        List<Pending> known = new ArrayList<>();
        for (Pending p : pending) {
            if (snapshots.containsKey(p.command().templateId())) {
                known.add(p);
            } else {
                answers.add(new BatchOutcome.Rejected(
                        p.index(),
                        p.key().value(),
                        new NotFoundException("template", p.command().templateId())));
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
            FirstAnswer answer = answerTo.answer(send);
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
                now));
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
    public List<DeliveryAttempt> attempts(WorkspaceId workspaceId, String id) {
        return sends.attempts(workspaceId, id);
    }
}
