/** Starts the fan-out batch job of a carrier through the container's JobOperator. */
package io.segmentflow.adapters.out.batch;
