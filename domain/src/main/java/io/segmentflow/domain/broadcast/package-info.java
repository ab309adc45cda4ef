/** Broadcasts: one campaign to a computed audience, drafted, scheduled or confirmed, then fanned out. */
package io.segmentflow.domain.broadcast;
