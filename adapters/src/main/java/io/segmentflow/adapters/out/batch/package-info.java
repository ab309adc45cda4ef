/** Starts the application's Jakarta Batch jobs through the container's {@code JobOperator}. */
package io.segmentflow.adapters.out.batch;
