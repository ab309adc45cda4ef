package io.segmentflow.application.email;

/**
 * What one delivery pass did.
 *
 * @param claimed how many sends it claimed; 0 when nothing was due
 * @param drained whether its last claim came back short: everything due then was taken, so a worker that looks
 *                again at once finds only what was queued since
 */
public record DispatchPass(int claimed, boolean drained) {
    public static final DispatchPass NOTHING_DUE = new DispatchPass(0, true);
}
