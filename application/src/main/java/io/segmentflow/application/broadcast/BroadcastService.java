package io.segmentflow.application.broadcast;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.port.out.Broadcasts;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.broadcast.BroadcastDefinition;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;

/** Broadcasts through the API; every move is the Broadcast's own decision, taken under its row's lock. */
public class BroadcastService implements ManageBroadcastsUseCase {
    private final Broadcasts broadcasts;
    private final SendPreparation preparation;
    private final Transactions transactions;
    private final Clock clock;

    public BroadcastService(Broadcasts broadcasts, SendPreparation preparation) {
        this.broadcasts = broadcasts;
        this.preparation = preparation;
        this.transactions = preparation.transactions();
        this.clock = preparation.clock();
    }

    @Override
    public Broadcast create(WorkspaceId workspaceId, BroadcastRequest request) {
        return transactions.inTransaction(() -> {
            preparation.requireAudience(workspaceId, request.segmentId(), request.subscriptionGroupId());
            CarrierContent content =
                    preparation.content(workspaceId, request.content(), null, templateName(request.name()));
            Broadcast broadcast = Broadcast.draft(workspaceId, definition(request, content), clock.instant());
            broadcasts.add(broadcast);
            return broadcast;
        });
    }

    @Override
    public Broadcast find(WorkspaceId workspaceId, String id) {
        return broadcasts.find(workspaceId, id).orElseThrow(() -> new NotFoundException("broadcast", id));
    }

    @Override
    public Page<Broadcast> list(WorkspaceId workspaceId, String cursor, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        return Page.of(
                broadcasts.list(workspaceId, Page.idAfter(cursor), limit + 1),
                limit,
                broadcast -> Page.cursorAfter(broadcast.id()));
    }

    @Override
    public Broadcast update(WorkspaceId workspaceId, String id, BroadcastRequest request) {
        return transactions.inTransaction(() -> {
            Broadcast broadcast = locked(workspaceId, id);
            // Refused before its template is touched: what is scheduled is what was reviewed.
            broadcast.lifecycle().requireEditable();
            preparation.requireAudience(workspaceId, request.segmentId(), request.subscriptionGroupId());
            CarrierContent content = preparation.content(
                    workspaceId, request.content(), broadcast.definition().content(), templateName(request.name()));
            broadcast.edit(definition(request, content), clock.instant());
            broadcasts.update(broadcast);
            return broadcast;
        });
    }

    @Override
    public Broadcast duplicate(WorkspaceId workspaceId, String id) {
        return transactions.inTransaction(() -> {
            Broadcast original = find(workspaceId, id);
            BroadcastDefinition definition = original.definition();
            CarrierContent content =
                    preparation.copy(workspaceId, definition.content(), templateName(definition.name()));
            Broadcast copy = original.duplicate(definition.withContent(content), clock.instant());
            broadcasts.add(copy);
            return copy;
        });
    }

    @Override
    public Preflight preflight(WorkspaceId workspaceId, String id) {
        Broadcast broadcast = find(workspaceId, id);
        return preparation.preflight(
                workspaceId,
                broadcast.audience(),
                broadcast.definition().from(),
                broadcast.definition().content());
    }

    @Override
    public EmailSend testSend(WorkspaceId workspaceId, String id, TestSendRequest request) {
        Broadcast broadcast = find(workspaceId, id);
        return preparation.testSend(
                workspaceId,
                broadcast.definition().content(),
                broadcast.definition().from(),
                request);
    }

    @Override
    public Broadcast schedule(WorkspaceId workspaceId, String id, Instant sendAt) {
        return transactions.inTransaction(() -> {
            Broadcast broadcast = locked(workspaceId, id);
            broadcast.schedule(sendAt, clock.instant());
            preparation.requireTemplate(
                    workspaceId, broadcast.definition().content().templateId(), "templateId");
            preparation.requireSenderReady(workspaceId, broadcast.definition().from());
            broadcasts.update(broadcast);
            return broadcast;
        });
    }

    @Override
    public Broadcast cancel(WorkspaceId workspaceId, String id) {
        return transactions.inTransaction(() -> {
            Broadcast broadcast = locked(workspaceId, id);
            broadcast.cancel(clock.instant());
            broadcasts.update(broadcast);
            return broadcast;
        });
    }

    @Override
    public SendResults results(WorkspaceId workspaceId, String id) {
        return preparation.results(find(workspaceId, id).ref());
    }

    @Override
    public ConfirmationLink handOver(WorkspaceId workspaceId, String id) {
        return transactions.inTransaction(() -> {
            Broadcast broadcast = locked(workspaceId, id);
            broadcast.awaitConfirmation(clock.instant());
            preparation.requireTemplate(
                    workspaceId, broadcast.definition().content().templateId(), "templateId");
            preparation.requireSenderReady(workspaceId, broadcast.definition().from());
            broadcasts.update(broadcast);
            return preparation.handOver(broadcast.ref());
        });
    }

    private Broadcast locked(WorkspaceId workspaceId, String id) {
        return broadcasts.findForUpdate(workspaceId, id).orElseThrow(() -> new NotFoundException("broadcast", id));
    }

    private static BroadcastDefinition definition(BroadcastRequest request, CarrierContent content) {
        return new BroadcastDefinition(
                request.name(), content, request.segmentId(), request.subscriptionGroupId(), request.from());
    }

    private static String templateName(String broadcastName) {
        return "Broadcast: " + (broadcastName == null ? "" : broadcastName.strip());
    }
}
