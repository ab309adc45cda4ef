package io.segmentflow.application.email;

import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;
import java.util.Objects;

/** emails.batchSend: up to {@value #MAX_ITEMS} independent sends, each with its own idempotency key. */
public record SendBatchCommand(WorkspaceId workspaceId, List<BatchItem> items) {
    public static final int MAX_ITEMS = 100;

    public SendBatchCommand {
        Objects.requireNonNull(workspaceId);
        items = List.copyOf(items);
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw new ValidationFailedException("items", "must hold 1-" + MAX_ITEMS + " items, not " + items.size());
        }
        for (BatchItem item : items) {
            if (item instanceof BatchItem.Send send
                    && !send.command().workspaceId().equals(workspaceId)) {
                throw new IllegalArgumentException("every send of a batch belongs to the batch's workspace");
            }
        }
    }
}
