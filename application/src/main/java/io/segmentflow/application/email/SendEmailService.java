package io.segmentflow.application.email;

import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.IdempotencyKeyReuseException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.port.out.DispatchSignal;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.application.port.out.IdempotencyRecords;
import io.segmentflow.application.port.out.IdempotencyRecords.StoredResponse;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.ResponseEncoder;
import io.segmentflow.application.port.out.Templates;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Accepts sends into the outbox, exactly once per idempotency key. */
public class SendEmailService implements SendEmailUseCase, FindEmailSendQuery {
    private final EmailSends sends;
    private final Templates templates;
    private final Profiles profiles;
    private final IdempotencyRecords idempotency;
    private final ResponseEncoder responses;
    private final Transactions transactions;
    private final DispatchSignal dispatchSignal;
    private final Clock clock;
    private final Mailbox defaultFrom;

    public SendEmailService(EmailSends sends, Templates templates, Profiles profiles, IdempotencyRecords idempotency,
                            ResponseEncoder responses, Transactions transactions, DispatchSignal dispatchSignal,
                            Clock clock, Mailbox defaultFrom) {
        this.sends = sends;
        this.templates = templates;
        this.profiles = profiles;
        this.idempotency = idempotency;
        this.responses = responses;
        this.transactions = transactions;
        this.dispatchSignal = dispatchSignal;
        this.clock = clock;
        this.defaultFrom = defaultFrom;
    }

    /** Thrown inside the accepting transaction to roll it back when the key turns out to be taken. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }

    @Override
    public SendOutcome send(SendEmailCommand command) {
        SendOutcome outcome;
        try {
            outcome = transactions.inTransaction(() -> idempotency.find(command.workspaceId(), command.idempotencyKey())
                    .map(first -> replay(command, first))
                    .orElseGet(() -> accept(command)));
        } catch (KeyTaken taken) {
            return idempotency.find(command.workspaceId(), command.idempotencyKey())
                    .map(first -> replay(command, first))
                    .orElseThrow(() -> new ConcurrentRequestException(command.idempotencyKey().value()));
        }
        if (outcome instanceof SendOutcome.Accepted) {
            dispatchSignal.sendsQueued();
        }
        return outcome;
    }

    private SendOutcome.Accepted accept(SendEmailCommand command) {
        Instant now = clock.instant();
        WorkspaceId workspace = command.workspaceId();
        String snapshotId = templates.currentSnapshotId(workspace, command.templateId())
                .orElseThrow(() -> new NotFoundException("template", command.templateId()));
        Profile profile = profiles.upsert(workspace, command.to().address(), command.toExternalId(), now);
        String id = Identifier.next("em", now);
        Mailbox from = command.from() != null ? command.from() : defaultFrom;
        EmailSend send = EmailSend.accept(new EmailSendDetails(id, workspace, profile.id(), command.templateId(),
                snapshotId, command.to(), command.toExternalId(), from, command.replyTo(),
                command.subject(), command.cc(), command.bcc(), command.data(), command.tracking(),
                SendPriority.TRANSACTIONAL, EmailSend.messageIdFor(id, from.address()),
                command.idempotencyKey().value(), now));
        String body = responses.acceptedSend(send);
        if (!idempotency.reserve(workspace, command.idempotencyKey(), command.fingerprint(), 202, body, now)) {
            throw new KeyTaken();
        }
        sends.add(send);
        return new SendOutcome.Accepted(send, body);
    }

    private static SendOutcome replay(SendEmailCommand command, StoredResponse first) {
        if (!first.fingerprint().equals(command.fingerprint())) {
            throw new IdempotencyKeyReuseException(command.idempotencyKey().value());
        }
        return new SendOutcome.Replayed(first.status(), first.body());
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
