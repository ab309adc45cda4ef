package io.segmentflow.application.suppression;

import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
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
    public Page list(WorkspaceId workspaceId, EmailAddress after, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationFailedException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        // One entry more than asked for tells whether another page follows, without counting.
        List<Suppression> rows = suppressions.list(
                workspaceId, after == null ? null : Suppression.keyOf(after).value(), limit + 1);
        if (rows.size() <= limit) {
            return new Page(rows, false, null);
        }
        List<Suppression> page = rows.subList(0, limit);
        return new Page(page, true, page.get(limit - 1).address().value());
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
