/** The delivery workers: the outbox's consumers, on the container's managed threads. */
package io.segmentflow.adapters.in.delivery;
