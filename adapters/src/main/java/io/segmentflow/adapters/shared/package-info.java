/**
 * What several adapters read alike and that belongs to none of them: how an unreachable database shows in the
 * drivers' and the container's failures, for the persistence adapter, which reports it to the application, and
 * for the HTTP API, which answers 503 to a failure no store translated. Depends on no adapter.
 */
package io.segmentflow.adapters.shared;
