package io.segmentflow.application.email;

import io.segmentflow.application.error.ApplicationException;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.idempotency.FirstAnswer;
import java.util.List;

/** The answer to emails.batchSend: what became of each item, in the order of the request. */
public record BatchOutcome(List<Item> items) {
    public BatchOutcome {
        items = List.copyOf(items);
    }

    /** What became of one item; {@code idempotencyKey} is the key as the caller wrote it, or null. */
    public sealed interface Item {
        int index();

        String idempotencyKey();
    }

    /** Newly accepted; {@code answer} is the one emails.send would have given, as stored with the key. */
    public record Accepted(int index, String idempotencyKey, EmailSend send, FirstAnswer answer) implements Item {}

    /** Its key already had an answer to the very same request: that first answer. */
    public record Replayed(int index, String idempotencyKey, FirstAnswer answer) implements Item {}

    /** Refused alone, with the error emails.send would have given; nothing was stored for it. */
    public record Rejected(int index, String idempotencyKey, ApplicationException refusal) implements Item {}

    public long accepted() {
        return items.stream().filter(i -> !(i instanceof Rejected)).count();
    }

    public long rejected() {
        return items.stream().filter(Rejected.class::isInstance).count();
    }
}
