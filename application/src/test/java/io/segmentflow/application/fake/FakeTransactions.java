package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Transactions;
import java.util.List;
import java.util.function.Supplier;

/**
 * Transactions over in-memory stores: on any runtime exception every store is put back as it was when
 * the transaction began, as a database rollback would. Work started inside a transaction joins it.
 */
public final class FakeTransactions implements Transactions {
    private final List<TransactionalStore> stores;
    private boolean active;
    private int commits;
    private int rollbacks;

    public FakeTransactions(TransactionalStore... stores) {
        this.stores = List.of(stores);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (active) {
            return work.get();
        }
        List<Runnable> restores = stores.stream().map(TransactionalStore::checkpoint).toList();
        active = true;
        try {
            T result = work.get();
            commits++;
            return result;
        } catch (RuntimeException e) {
            restores.forEach(Runnable::run);
            rollbacks++;
            throw e;
        } finally {
            active = false;
        }
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
}
