package io.segmentflow.application.suppression;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.port.out.Suppressions;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.util.List;

/** Keeps the suppression list as operators manage it; delivery adds hard bounces through the port directly. */
public class SuppressionService implements ManageSuppressionsUseCase {
    private final Suppressions suppressions;
    private final Transactions transactions;
    private final Clock clock;

    public SuppressionService(Suppressions suppressions, Transactions transactions, Clock clock) {
        this.suppressions = suppressions;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Page<Suppression> list(WorkspaceId workspaceId, EmailAddress after, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        List<Suppression> rows = suppressions.list(
                workspaceId, after == null ? null : Suppression.keyOf(after).value(), limit + 1);
        return Page.of(rows, limit, s -> s.address().value());
    }

    @Override
    public Suppression get(WorkspaceId workspaceId, EmailAddress address) {
        return suppressions
                .find(workspaceId, address)
                .orElseThrow(() -> new NotFoundException(
                        "suppression", Suppression.keyOf(address).value()));
    }

    @Override
    public Added addManual(WorkspaceId workspaceId, EmailAddress address) {
        Suppression entry = Suppression.manual(workspaceId, address, clock.instant());
        return transactions.inTransaction(() -> {
            if (suppressions.add(entry)) {
                return new Added(entry, false);
            }
            // Listed already, unless another request took it off (or is adding it) between the two statements.
            return suppressions
                    .find(workspaceId, address)
                    .map(existing -> new Added(existing, true))
                    .orElseThrow(() -> new ConcurrentRequestException(
                            "suppression", entry.address().value()));
        });
    }

    @Override
    public void remove(WorkspaceId workspaceId, EmailAddress address) {
        boolean removed = transactions.inTransaction(() -> suppressions.remove(workspaceId, address));
        if (!removed) {
            throw new NotFoundException(
                    "suppression", Suppression.keyOf(address).value());
        }
    }
}
