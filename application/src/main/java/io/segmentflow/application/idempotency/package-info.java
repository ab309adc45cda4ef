/** How long idempotency keys are remembered. */
package io.segmentflow.application.idempotency;
