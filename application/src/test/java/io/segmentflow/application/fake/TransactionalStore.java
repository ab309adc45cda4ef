package io.segmentflow.application.fake;

/** An in-memory store that a {@link FakeTransactions} can put back as it was when a transaction began. */
public interface TransactionalStore {
    /** Captures the present state; running the returned action restores it. */
    Runnable checkpoint();
}
