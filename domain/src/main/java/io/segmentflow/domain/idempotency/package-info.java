/** Idempotency keys: a caller's name for one logical request, and the first answer it keeps for retries. */
package io.segmentflow.domain.idempotency;
