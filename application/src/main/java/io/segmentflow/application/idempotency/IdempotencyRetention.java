package io.segmentflow.application.idempotency;

import io.segmentflow.application.port.out.IdempotencyRecords;
import io.segmentflow.application.port.out.Transactions;
import java.time.Clock;
import java.time.Duration;

/**
 * Forgets idempotency keys older than the published window. Within the window a retry is always
 * recognised; after it, the same key may be used again.
 */
public class IdempotencyRetention {
    /** Published in the README and the OpenAPI document; keys are kept at least this long. */
    public static final Duration WINDOW = Duration.ofHours(24);

    private final IdempotencyRecords records;
    private final Transactions transactions;
    private final Clock clock;

    public IdempotencyRetention(IdempotencyRecords records, Transactions transactions, Clock clock) {
        this.records = records;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** @return how many keys were forgotten */
    public int forgetExpired() {
        return transactions.inTransaction(
                () -> records.purgeRecordedBefore(clock.instant().minus(WINDOW)));
    }
}
