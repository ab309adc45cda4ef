package io.segmentflow.application.fake;

import io.segmentflow.application.error.StoreUnavailableException;
import io.segmentflow.application.port.out.Transactions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Transactions over in-memory stores: on any runtime exception every store is put back as it was when
 * the transaction began, as a database rollback would. Work started inside a transaction joins it.
 * An outage can be planned: the next transactions then fail as they do when the database is unreachable.
 */
public final class FakeTransactions implements Transactions {
    /** How a transaction fails in an outage. */
    public enum Outage {
        /** No connection: nothing is done. */
        UNREACHABLE,
        /** The commit took, but the connection broke before it was confirmed: the caller cannot tell. */
        COMMIT_UNCONFIRMED
    }

    private final List<TransactionalStore> stores;
    private final Deque<Outage> outages = new ArrayDeque<>();
    private boolean active;
    private int commits;
    private int rollbacks;
    private int unavailable;

    public FakeTransactions(TransactionalStore... stores) {
        this.stores = List.of(stores);
    }

    /** The next {@code transactions} transactions find the database unreachable. */
    public void databaseUnreachableFor(int transactions) {
        for (int i = 0; i < transactions; i++) {
            outages.addLast(Outage.UNREACHABLE);
        }
    }

    /** The next transaction commits, but reports the database unreachable. */
    public void commitUnconfirmedOnce() {
        outages.addLast(Outage.COMMIT_UNCONFIRMED);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (active) {
            return work.get();
        }
        Outage outage = outages.pollFirst();
        if (outage == Outage.UNREACHABLE) {
            unavailable++;
            throw new StoreUnavailableException("connection refused", null);
        }
        List<Runnable> restores =
                stores.stream().map(TransactionalStore::checkpoint).toList();
        active = true;
        T result;
        try {
            result = work.get();
            commits++;
        } catch (RuntimeException e) {
            restores.forEach(Runnable::run);
            rollbacks++;
            throw e;
        } finally {
            active = false;
        }
        if (outage == Outage.COMMIT_UNCONFIRMED) {
            unavailable++;
            throw new StoreUnavailableException("connection lost during commit", null);
        }
        return result;
    }

    public boolean isActive() {
        return active;
    }

    public int commits() {
        return commits;
    }

    public int rollbacks() {
        return rollbacks;
    }

    /** Transactions that failed for a planned outage. */
    public int unavailable() {
        return unavailable;
    }
}
