/**
 * What several adapters read alike and that belongs to none of them: how an unreachable database shows in the
 * drivers' and the container's failures, for the persistence adapter, which reports it to the application, and
 * for the HTTP API, which answers 503 to a failure no store translated; and the PostgreSQL channel on which the
 * dispatch signal tells other nodes of new sends and their listeners hear it. Depends on no adapter.
 */
package io.segmentflow.adapters.shared;
