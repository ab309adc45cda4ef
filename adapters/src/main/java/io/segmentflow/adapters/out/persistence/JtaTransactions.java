package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/** The container's JTA transactions; any runtime exception rolls the work back and propagates. */
@ApplicationScoped
public class JtaTransactions implements Transactions {
    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public <T> T inTransaction(Supplier<T> work) {
        return work.get();
    }
}
