/** Starts the application's batch jobs (a carrier's fan-out, a Profile import) through the container's JobOperator. */
package io.segmentflow.adapters.out.batch;
