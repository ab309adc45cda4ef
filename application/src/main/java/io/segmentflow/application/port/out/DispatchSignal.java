package io.segmentflow.application.port.out;

/** Tells the delivery workers that new sends were committed, so they need not wait for their next poll. */
public interface DispatchSignal {
    void sendsQueued();
}
