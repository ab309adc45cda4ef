package io.segmentflow.adapters.out.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/** Where a JTA transaction begins and commits (or joins the one already active). */
@ApplicationScoped
public class JtaTransactionBoundary {
    @Transactional(Transactional.TxType.REQUIRED)
    public <T> T run(Supplier<T> work) {
        return work.get();
    }
}
