/**
 * The dispatch signal: tells this node's delivery side, as CDI events, that sends fell due before its next poll,
 * and the other nodes on the same PostgreSQL database, by {@code NOTIFY}, that sends were queued.
 */
package io.segmentflow.adapters.out.signal;
