/** Idempotency keys: a caller's name for one logical request. */
package io.segmentflow.domain.idempotency;
